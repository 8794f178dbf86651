package io.asyncservice.sidecar.http;

/** The contract's outcome table: 2xx success; 408, 425, 429 and 5xx retryable; anything else permanent. */
public final class OutcomeClassifier {

    private OutcomeClassifier() {
    }

    public static AppOutcome classify(int status) {
        if (status >= 200 && status < 300) {
            return AppOutcome.SUCCESS;
        }
        if (status == 408 || status == 425 || status == 429 || (status >= 500 && status < 600)) {
            return AppOutcome.RETRYABLE;
        }
        return AppOutcome.PERMANENT;
    }
}
