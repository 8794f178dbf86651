package io.asyncservice.api.sidecar;

/** The three places a broker appears in an AsyncService. */
public enum QueueRole {
    INPUT("input", "INPUT"),
    OUTPUT("output", "OUTPUT"),
    DEAD_LETTER("deadLetter", "DEAD_LETTER");

    private final String field;
    private final String envPrefix;

    QueueRole(String field, String envPrefix) {
        this.field = field;
        this.envPrefix = envPrefix;
    }

    /** The spec field, e.g. {@code deadLetter}. */
    public String field() {
        return field;
    }

    /** The part of a secret variable's name that names the role, e.g. {@code DEAD_LETTER}. */
    public String envPrefix() {
        return envPrefix;
    }
}
