package io.asyncservice.sidecar.broker;

/**
 * A publish the broker refused for good: trying the same message again cannot succeed (it is over the broker's size
 * limit, or this identity may not write there). A sink completes its publish with this exception for such errors, and
 * with any other exception for errors that may pass (a broker down, a timeout), which the engine retries.
 */
public final class PublishRefusedException extends RuntimeException {

    /** Why the broker refused. */
    public enum Reason {
        /** The message is larger than the broker or the queue accepts. A smaller message would be accepted. */
        TOO_LARGE,
        /** Anything else that no retry changes: not authorized, the message is invalid for the broker. */
        REFUSED
    }

    private final Reason reason;

    public PublishRefusedException(Reason reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = reason;
    }

    public PublishRefusedException(Reason reason, String message) {
        this(reason, message, null);
    }

    public Reason reason() {
        return reason;
    }

    /** The refusal in {@code t} or its causes (a future's ExecutionException, a client's wrapper), or null. */
    public static PublishRefusedException in(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof PublishRefusedException refused) {
                return refused;
            }
        }
        return null;
    }
}
