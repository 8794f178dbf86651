package io.asyncservice.sidecar.engine;

import java.time.Duration;
import java.util.function.DoubleSupplier;

/**
 * Exponential backoff with full jitter: after attempt n the delay is uniform in [0, min(max, initial * 2^(n-1))].
 * A Retry-After from the app replaces it, capped at {@code max} so that a slot is never parked longer than configured.
 */
public final class Backoff {

    private final long initialMillis;
    private final long maxMillis;
    private final DoubleSupplier random;

    /** @param random uniform in [0, 1), e.g. {@code ThreadLocalRandom.current()::nextDouble} */
    public Backoff(Duration initial, Duration max, DoubleSupplier random) {
        this.initialMillis = initial.toMillis();
        this.maxMillis = max.toMillis();
        this.random = random;
    }

    /** The upper bound of the delay after attempt {@code attempt} (1-based). */
    public long capMillis(int attempt) {
        long cap = initialMillis;
        for (int n = 1; n < attempt && cap < maxMillis; n++) {
            cap *= 2;
        }
        return Math.min(cap, maxMillis);
    }

    /** The delay before the attempt after {@code attempt}; {@code retryAfter} (may be null) takes precedence. */
    public Duration delayAfter(int attempt, Duration retryAfter) {
        if (retryAfter != null) {
            // Compared as Durations: a Retry-After of absurd size has no millisecond count (toMillis would overflow).
            Duration max = Duration.ofMillis(maxMillis);
            return retryAfter.isNegative() ? Duration.ZERO : retryAfter.compareTo(max) > 0 ? max : retryAfter;
        }
        return Duration.ofMillis((long) (random.getAsDouble() * capMillis(attempt)));
    }
}
