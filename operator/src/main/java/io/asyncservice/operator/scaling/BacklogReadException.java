package io.asyncservice.operator.scaling;

/**
 * A backlog could not be read. The reason is one of the constants here, so that the condition, the Event and the
 * error metric stay low-cardinality; the message says what went wrong and never carries a secret value.
 */
public class BacklogReadException extends Exception {

    /** The referenced Secret does not exist, or lacks a key the broker needs. */
    public static final String SECRET_UNAVAILABLE = "SecretUnavailable";
    /**
     * The service gives the scaler no credentials of its own, and has not opted into the operator's identity
     * (SQS without {@code credentialsSecret} or {@code identityOwner: operator}).
     */
    public static final String NO_CREDENTIALS = "NoCredentials";
    /**
     * The TLS handshake with the broker failed: its certificate is not trusted by the JVM, was issued for another host,
     * or TLS could not be agreed. Nothing, credentials included, was sent to the broker.
     */
    public static final String TLS_HANDSHAKE_FAILED = "TlsHandshakeFailed";
    /** The broker could not be reached: connection refused, unknown host. */
    public static final String UNREACHABLE = "Unreachable";
    /** The broker did not answer within the call timeout. */
    public static final String TIMEOUT = "Timeout";
    /** The broker refused the credentials or the permission. */
    public static final String UNAUTHORIZED = "Unauthorized";
    /** The queue, topic, stream or consumer does not exist. */
    public static final String QUEUE_NOT_FOUND = "QueueNotFound";
    /** The spec does not say enough to read the backlog (e.g. no region). */
    public static final String INVALID_CONFIGURATION = "InvalidConfiguration";
    /** Anything else the broker answered. */
    public static final String READ_FAILED = "ReadFailed";

    private final String reason;

    public BacklogReadException(String reason, String message) {
        super(message);
        this.reason = reason;
    }

    public BacklogReadException(String reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = reason;
    }

    public String reason() {
        return reason;
    }
}
