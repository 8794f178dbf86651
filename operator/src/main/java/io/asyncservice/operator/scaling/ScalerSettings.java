package io.asyncservice.operator.scaling;

import io.asyncservice.api.v1alpha1.Durations;
import java.time.Duration;
import java.util.Map;

/**
 * How the scaler loop runs, read once at startup.
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
    }

    public static final String READ_THREADS = "ASVC_SCALER_READ_THREADS";
    public static final String APPLY_THREADS = "ASVC_SCALER_APPLY_THREADS";
    public static final String CALL_TIMEOUT = "ASVC_SCALER_CALL_TIMEOUT";
    public static final String FAILURES_BEFORE_FALLBACK = "ASVC_SCALER_FAILURES_BEFORE_FALLBACK";
    public static final String MAX_READS_PER_ENDPOINT = "ASVC_SCALER_MAX_READS_PER_ENDPOINT";

    public static ScalerSettings defaults() {
        return new ScalerSettings(16, 4, Duration.ofSeconds(5), 3, 8);
    }

    /** The defaults, overridden by whichever {@code ASVC_SCALER_*} variables are set. */
    public static ScalerSettings fromEnv(Map<String, String> env) {
        ScalerSettings d = defaults();
        return new ScalerSettings(
                integer(env, READ_THREADS, d.readThreads()),
                integer(env, APPLY_THREADS, d.applyThreads()),
                env.get(CALL_TIMEOUT) == null ? d.callTimeout() : Durations.parse(CALL_TIMEOUT, env.get(CALL_TIMEOUT).trim()),
                integer(env, FAILURES_BEFORE_FALLBACK, d.failuresBeforeFallback()),
                integer(env, MAX_READS_PER_ENDPOINT, d.maxReadsPerEndpoint()));
    }

    private static int integer(Map<String, String> env, String name, int fallback) {
        String value = env.get(name);
        if (value == null || value.isBlank()) {
            return fallback;
        }
        try {
            return Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + ": '" + value + "' is not a whole number");
        }
    }

    public ScalerSettings withCallTimeout(Duration timeout) {
        return new ScalerSettings(readThreads, applyThreads, timeout, failuresBeforeFallback, maxReadsPerEndpoint);
    }
}
