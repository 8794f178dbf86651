package io.asyncservice.sandbox.app;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * How the {@link EchoApp} behaves, read once from its environment.
 *
 * @param port        {@code PORT}, default 8000
 * @param delay       {@code ECHO_DELAY_MS}: how long each request takes, default 0; a request can ask for its own
 * @param failureRate {@code ECHO_FAILURE_RATE}: the share of requests answered 503, from 0 to 1, default 0
 * @param fixedStatus {@code ECHO_STATUS}: answer every POST with this status instead (e.g. 400), default none
 * @param recordFile  {@code ECHO_RECORD_FILE}: a file to append each successful request id to, default none
 * @param stopGrace   {@code ECHO_STOP_GRACE_SECONDS}: how long SIGTERM waits for requests in flight, default 30
 */
public record EchoSettings(int port, Duration delay, double failureRate, Integer fixedStatus, Path recordFile,
        Duration stopGrace) {

    public EchoSettings {
        if (failureRate < 0 || failureRate > 1) {
            throw new IllegalArgumentException("ECHO_FAILURE_RATE must be between 0 and 1, not " + failureRate);
        }
        if (fixedStatus != null && (fixedStatus < 100 || fixedStatus > 599)) {
            throw new IllegalArgumentException("ECHO_STATUS must be an HTTP status, not " + fixedStatus);
        }
    }

    public static EchoSettings fromEnv(Map<String, String> env) {
        return new EchoSettings(
                Integer.parseInt(env.getOrDefault("PORT", "8000").trim()),
                Duration.ofMillis(Long.parseLong(env.getOrDefault("ECHO_DELAY_MS", "0").trim())),
                Double.parseDouble(env.getOrDefault("ECHO_FAILURE_RATE", "0").trim()),
                blank(env.get("ECHO_STATUS")) ? null : Integer.valueOf(env.get("ECHO_STATUS").trim()),
                blank(env.get("ECHO_RECORD_FILE")) ? null : Path.of(env.get("ECHO_RECORD_FILE").trim()),
                Duration.ofSeconds(Long.parseLong(env.getOrDefault("ECHO_STOP_GRACE_SECONDS", "30").trim())));
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }
}
