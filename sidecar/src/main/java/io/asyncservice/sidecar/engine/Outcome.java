package io.asyncservice.sidecar.engine;

import java.util.Locale;

/** How the engine finished with one delivery. Every delivery ends in exactly one of these. */
public enum Outcome {
    /** Succeeded; its output (if any) was durably accepted; acked. */
    SUCCESS,
    /** Failed; written to the output as FAILED; acked. */
    FAILED,
    /** Failed; written to the dead-letter queue; acked. */
    DEAD_LETTERED,
    /** Failed with neither dead letter nor output; handed to the broker's own dead-letter policy. */
    REJECTED,
    /** Given back to the broker for redelivery: draining, shutdown, or the output could not be written. */
    RELEASED;

    /** The metric tag value, e.g. {@code dead_lettered}. */
    public String tag() {
        return name().toLowerCase(Locale.ROOT);
    }
}
