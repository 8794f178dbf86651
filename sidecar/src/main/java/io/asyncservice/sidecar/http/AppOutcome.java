package io.asyncservice.sidecar.http;

/** How one call to the app ended. */
public enum AppOutcome {
    /** 2xx. */
    SUCCESS,
    /** 408, 425, 429, 5xx, a timeout or a refused or broken connection: worth another attempt. */
    RETRYABLE,
    /** Any other answer: another attempt would fail the same way. */
    PERMANENT
}
