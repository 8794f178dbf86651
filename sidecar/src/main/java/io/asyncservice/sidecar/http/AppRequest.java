package io.asyncservice.sidecar.http;

import java.util.Map;

/**
 * One attempt to hand a message to the app.
 *
 * @param requestId sent as X-Request-Id
 * @param attempt sent as X-Async-Attempt, starting at 1
 * @param body the request body, byte for byte
 * @param contentType the message's content type, or null for application/json
 * @param passHeaders headers passed through as they are (traceparent, tracestate)
 */
public record AppRequest(String requestId, int attempt, byte[] body, String contentType, Map<String, String> passHeaders) {

    public AppRequest {
        passHeaders = Map.copyOf(passHeaders);
    }
}
