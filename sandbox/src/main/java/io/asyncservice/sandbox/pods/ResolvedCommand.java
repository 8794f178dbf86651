package io.asyncservice.sandbox.pods;

import java.util.List;
import java.util.Map;

/** How one container runs here: its command line, and which variables get which named port's host port. */
record ResolvedCommand(List<String> argv, Map<String, String> portEnv) {

    ResolvedCommand {
        argv = List.copyOf(argv);
        portEnv = Map.copyOf(portEnv);
    }

    static ResolvedCommand of(List<String> argv) {
        return new ResolvedCommand(argv, Map.of());
    }
}
