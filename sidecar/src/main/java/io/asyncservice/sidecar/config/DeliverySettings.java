package io.asyncservice.sidecar.config;

import io.asyncservice.api.v1alpha1.MessageFormat;
import java.time.Duration;

/**
 * How messages are delivered to the app.
 *
 * @param concurrency messages in flight at once
 * @param maxAttempts attempts per message, counted across deliveries
 * @param backoffInitial the delay cap before the second attempt; it doubles with each attempt
 * @param backoffMax the longest delay between two attempts
 * @param format raw or TrueFoundry's envelope
 * @param maxMessageBytes bodies above this size are permanent failures
 */
public record DeliverySettings(int concurrency, int maxAttempts, Duration backoffInitial, Duration backoffMax,
        MessageFormat format, int maxMessageBytes) {

    /** The same settings with another concurrency (see {@link MemoryPlan}). */
    public DeliverySettings withConcurrency(int newConcurrency) {
        return new DeliverySettings(newConcurrency, maxAttempts, backoffInitial, backoffMax, format, maxMessageBytes);
    }
}
