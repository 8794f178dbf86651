package io.asyncservice.sidecar.http;

import java.time.Duration;

/**
 * The result of one call to the app.
 *
 * @param outcome success, retryable or permanent
 * @param statusCode the HTTP status, or null when no response came (timeout, refused connection)
 * @param body the response body, empty when there was none
 * @param contentType the response's content type, or null
 * @param retryAfter the delay the app asked for with Retry-After, or null
 * @param error what went wrong, for logs and failure messages; null on success
 */
public record AppResult(AppOutcome outcome, Integer statusCode, byte[] body, String contentType, Duration retryAfter,
        String error) {

    private static final byte[] EMPTY = new byte[0];

    public AppResult {
        body = body == null ? EMPTY : body;
    }

    /** The same result with an empty body (for a message that must be written without it). */
    public AppResult withoutBody() {
        return new AppResult(outcome, statusCode, EMPTY, contentType, retryAfter, error);
    }

    /** A call that got no HTTP response at all. */
    public static AppResult noResponse(String error) {
        return new AppResult(AppOutcome.RETRYABLE, null, EMPTY, null, null, error);
    }
}
