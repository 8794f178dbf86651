package io.asyncservice.operator.scaling;

import java.time.Duration;

/**
 * How the scaler loop runs. The operator reads it once at start as part of its configuration
 * ({@code OperatorConfig.scaler()}, from the {@code ASVC_SCALER_*} variables); the scaler reads no environment.
 *
 * @param readThreads            threads that read backlogs; a read holds one for at most about {@code callTimeout}
 * @param applyThreads           threads that apply decisions to the Kubernetes API
 * @param callTimeout            the timeout of every broker call
 * @param failuresBeforeFallback failed reads in a row before fallbackReplicas applies
 * @param maxReadsPerEndpoint    reads in flight to one broker endpoint at once, so a slow broker cannot take every
 *                               read thread; further reads to it wait in its queue
 */
public record ScalerSettings(int readThreads, int applyThreads, Duration callTimeout, int failuresBeforeFallback,
                             int maxReadsPerEndpoint) {

    public ScalerSettings {
        if (readThreads < 1 || applyThreads < 1 || failuresBeforeFallback < 1 || maxReadsPerEndpoint < 1) {
            throw new IllegalArgumentException("thread counts, failuresBeforeFallback and maxReadsPerEndpoint must be at least 1");
        }
        if (callTimeout == null || callTimeout.isNegative() || callTimeout.isZero()) {
            throw new IllegalArgumentException("callTimeout must be positive: " + callTimeout);
        }
    }

    /** The settings when no {@code ASVC_SCALER_*} variable is set. */
    public static ScalerSettings defaults() {
        return new ScalerSettings(16, 4, Duration.ofSeconds(5), 3, 8);
    }

    public ScalerSettings withCallTimeout(Duration timeout) {
        return new ScalerSettings(readThreads, applyThreads, timeout, failuresBeforeFallback, maxReadsPerEndpoint);
    }
}
