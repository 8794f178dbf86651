package io.asyncservice.sidecar.broker;

import java.util.Map;

/**
 * A message for an output or dead-letter queue. The request id travels as the broker's key, attribute or header.
 *
 * @param requestId the request id of the input it answers
 * @param body the payload
 * @param contentType the payload's content type
 * @param headers extra headers to carry, e.g. traceparent
 */
public record OutboundMessage(String requestId, byte[] body, String contentType, Map<String, String> headers) {

    public OutboundMessage {
        headers = Map.copyOf(headers);
    }
}
