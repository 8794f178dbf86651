package io.asyncservice.sidecar.engine;

import io.asyncservice.sidecar.format.AppInput;
import io.asyncservice.sidecar.http.AppResult;

/**
 * Why a delivery failed for good.
 *
 * @param requestId its request id
 * @param input the decoded input, or null when it could not be decoded
 * @param error a sentence saying what happened
 * @param attempts the number of the last attempt
 * @param lastResult the app's last answer, or null when it was never called
 */
record Failure(String requestId, AppInput input, String error, int attempts, AppResult lastResult) {

    Failure withError(String newError) {
        return new Failure(requestId, input, newError, attempts, lastResult);
    }

    /** The same failure without the app's response body, the error saying why. */
    Failure withoutResponseBody(String why) {
        return new Failure(requestId, input, error + "; " + why, attempts, lastResult == null ? null : lastResult.withoutBody());
    }
}
