package io.asyncservice.sidecar.format;

/**
 * What an output message says about one input.
 *
 * @param requestId the input's request id
 * @param status SUCCESS or FAILED
 * @param statusCode the app's last HTTP status, or null when there was none
 * @param contentType the app's response content type, or null
 * @param body the app's response body, or null
 * @param error why it failed, or null
 * @param input the decoded input, or null when it could not be decoded
 */
public record OutputRecord(String requestId, OutputStatus status, Integer statusCode, String contentType, byte[] body,
        String error, AppInput input) {
}
