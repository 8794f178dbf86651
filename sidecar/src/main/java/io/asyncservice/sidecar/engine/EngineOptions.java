package io.asyncservice.sidecar.engine;

import io.asyncservice.sidecar.config.DeliverySettings;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The engine's knobs.
 *
 * @param concurrency messages in flight at once
 * @param maxAttempts calls to the app per message, counted over its deliveries to this process
 * @param backoff the delay between attempts
 * @param receiveWait the longest a receive call waits for messages
 * @param publishTimeout the longest to wait for the output or dead-letter broker to accept one message
 * @param attemptTimeout the longest one call to the app takes (the endpoint's timeout)
 */
public record EngineOptions(int concurrency, int maxAttempts, Backoff backoff, Duration receiveWait, Duration publishTimeout,
        Duration attemptTimeout) {

    public static final Duration DEFAULT_PUBLISH_TIMEOUT = Duration.ofSeconds(30);

    public static EngineOptions of(DeliverySettings delivery, Duration attemptTimeout, Duration receiveWait) {
        return new EngineOptions(delivery.concurrency(), delivery.maxAttempts(),
                new Backoff(delivery.backoffInitial(), delivery.backoffMax(), () -> ThreadLocalRandom.current().nextDouble()),
                receiveWait, DEFAULT_PUBLISH_TIMEOUT, attemptTimeout);
    }
}
