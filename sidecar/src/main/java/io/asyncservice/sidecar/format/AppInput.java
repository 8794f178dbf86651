package io.asyncservice.sidecar.format;

import java.util.Map;

/**
 * A decoded message, ready to be POSTed to the app.
 *
 * @param requestId the resolved request id (never null)
 * @param body the request body
 * @param contentType the request's content type, or null for the default
 * @param passHeaders trace headers to pass through
 * @param envelope the TrueFoundry message the body came from, as its JSON text, or null in raw format
 */
public record AppInput(String requestId, byte[] body, String contentType, Map<String, String> passHeaders, String envelope) {
}
