package io.asyncservice.sidecar.broker;

import java.util.Map;

/**
 * A message for an output or dead-letter queue. The request id travels as the broker's key, attribute or header.
 *
 * @param requestId the request id of the input it answers
 * @param body the payload
 * @param contentType the payload's content type
 * @param headers extra headers to carry, e.g. traceparent
 * @param deduplicationId what identifies the input it answers, the same on every redelivery of that input and different
 *     for any other input (see {@link MessageIdentity}); a broker that deduplicates (an SQS FIFO queue) uses it, so a
 *     redelivered input writes one output while two inputs under one request id write two. Null when unknown.
 */
public record OutboundMessage(String requestId, byte[] body, String contentType, Map<String, String> headers,
        String deduplicationId) {

    public OutboundMessage {
        headers = Map.copyOf(headers);
    }

    /** A message with no deduplication id. */
    public OutboundMessage(String requestId, byte[] body, String contentType, Map<String, String> headers) {
        this(requestId, body, contentType, headers, null);
    }
}
