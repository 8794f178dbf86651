package io.asyncservice.sidecar.nats;

import io.nats.client.ReconnectDelayHandler;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Waits between reconnect rounds: 250 ms doubling up to 5 s, with up to 20% jitter so that many sidecars do not hit a
 * restarted server at the same instant.
 */
final class NatsReconnectBackoff implements ReconnectDelayHandler {

    static final long INITIAL_MILLIS = 250;
    static final long MAX_MILLIS = 5_000;

    @Override
    public Duration getWaitTime(long totalTries) {
        long base = INITIAL_MILLIS << Math.min(Math.max(totalTries - 1, 0), 10);
        long capped = Math.min(base, MAX_MILLIS);
        long jitter = ThreadLocalRandom.current().nextLong(capped / 5 + 1);
        return Duration.ofMillis(capped + jitter);
    }
}
