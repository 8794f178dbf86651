package io.asyncservice.sandbox.pods;

import java.util.List;
import java.util.Map;

/** A resolved container start: the command line and the exact environment. */
record Launch(List<String> argv, Map<String, String> env) {

    Launch {
        argv = List.copyOf(argv);
        env = Map.copyOf(env);
    }

    /** Builds the launch of one container start; it may fail until a Secret exists. */
    @FunctionalInterface
    interface Factory {
        Launch create() throws ContainerConfigException;
    }
}
