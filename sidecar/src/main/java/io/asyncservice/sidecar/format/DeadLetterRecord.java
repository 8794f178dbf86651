package io.asyncservice.sidecar.format;

import java.time.Instant;
import java.util.Map;

/**
 * A message that failed for good, with everything needed to understand and re-drive it.
 *
 * @param requestId its request id
 * @param error why it failed
 * @param attempts the attempt number of the last attempt (counted across deliveries)
 * @param failedAt when it was given up
 * @param originalBody the input body exactly as the broker delivered it
 * @param originalContentType the input's content type, or null
 * @param originalHeaders the input's headers
 * @param responseStatus the app's last HTTP status, or null
 * @param responseContentType the app's last response content type, or null
 * @param responseBody the app's last response body, or null
 */
public record DeadLetterRecord(String requestId, String error, int attempts, Instant failedAt, byte[] originalBody,
        String originalContentType, Map<String, String> originalHeaders, Integer responseStatus, String responseContentType,
        byte[] responseBody) {
}
