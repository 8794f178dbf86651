package io.asyncservice.operator.scaling;

import java.util.Objects;

/** The outcome of one attempt to read a backlog: the backlog, or why it could not be read. */
public sealed interface BacklogReading {

    static BacklogReading of(Backlog backlog) {
        return new Available(backlog);
    }

    static BacklogReading failed(String reason, String message) {
        return new Unavailable(reason, message);
    }

    static BacklogReading failed(BacklogReadException e) {
        return new Unavailable(e.reason(), e.getMessage());
    }

    /** The backlog was read. */
    record Available(Backlog backlog) implements BacklogReading {
        public Available {
            Objects.requireNonNull(backlog, "backlog");
        }
    }

    /**
     * The backlog could not be read.
     *
     * @param reason  a CamelCase reason such as {@code Unreachable}, for the condition and the metrics
     * @param message what a person needs to fix it; never a secret value
     */
    record Unavailable(String reason, String message) implements BacklogReading {
        public Unavailable {
            Objects.requireNonNull(reason, "reason");
            Objects.requireNonNull(message, "message");
        }
    }
}
