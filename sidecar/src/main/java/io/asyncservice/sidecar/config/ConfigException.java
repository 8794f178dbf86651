package io.asyncservice.sidecar.config;

import java.util.List;

/** A configuration the sidecar cannot start with. Each problem names the field it is about. */
public final class ConfigException extends RuntimeException {

    private final List<String> problems;

    public ConfigException(List<String> problems) {
        super(String.join("; ", problems));
        this.problems = List.copyOf(problems);
    }

    public ConfigException(String problem) {
        this(List.of(problem));
    }

    /** One line per problem, e.g. {@code endpoint.port is required}. */
    public List<String> problems() {
        return problems;
    }
}
