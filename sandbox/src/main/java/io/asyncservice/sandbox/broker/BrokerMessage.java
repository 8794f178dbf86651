package io.asyncservice.sandbox.broker;

/**
 * A message read back from an AsyncService's output or dead-letter queue.
 *
 * @param requestId  the input's request id, from the message's {@code request_id} field
 * @param status     SUCCESS or FAILED for an output; {@code DEAD_LETTER} for a dead-lettered message
 * @param statusCode the app's last HTTP status, or -1
 * @param body       the message as received
 */
public record BrokerMessage(String requestId, String status, int statusCode, String body) {

    public static final String DEAD_LETTER = "DEAD_LETTER";

    public boolean deadLettered() {
        return DEAD_LETTER.equals(status);
    }
}
