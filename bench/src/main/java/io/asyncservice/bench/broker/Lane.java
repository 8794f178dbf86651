package io.asyncservice.bench.broker;

import io.asyncservice.api.v1alpha1.BrokerSpec;
import java.time.Duration;
import java.util.Map;

/**
 * One benchmark's queues on a broker: an input, an output, and the plain client that the sidecar is compared with.
 * Closing deletes the queues.
 */
public interface Lane extends AutoCloseable {

    BrokerSpec input();

    BrokerSpec output();

    /** A dead-letter queue, for brokers whose sidecar needs one when there is no output (Kafka); else null. */
    default BrokerSpec deadLetterWithoutOutput() {
        return null;
    }

    /** The sidecar's environment for these queues: credentials as the operator would pass them. */
    Map<String, String> sidecarEnv();

    /** Publishes {@code count} small JSON messages to the input, each with a request id, and waits for the broker. */
    void publish(int count, String requestIdPrefix);

    /**
     * The broker limit: the plain client consumes and acknowledges {@code count} messages from the input with up to
     * {@code concurrency} unacknowledged at once, and no HTTP at all.
     */
    Rate consumeAndAck(int concurrency, int count, Duration timeout);

    /**
     * The plain client doing the sidecar's broker work for one message, with no HTTP: receive it from the input,
     * publish it to the output and wait for the broker's acceptance, then acknowledge the input. False on timeout.
     */
    default boolean relayOne(Duration timeout) {
        return relayOne(timeout, () -> { });
    }

    /**
     * As {@link #relayOne(Duration)}, with {@code handle} run between the receive and the publish (e.g. the call to
     * the app, as the sidecar makes it), one step after the other.
     */
    boolean relayOne(Duration timeout, Runnable handle);

    /** Takes one message from the output, waiting up to {@code timeout}; false if none came. */
    boolean takeOutput(Duration timeout);

    /** How many messages the output holds (published to it and not yet taken). */
    long outputCount();

    /** Messages still on the input, waiting or unacknowledged, as far as the broker can tell cheaply. */
    long inputBacklog();

    @Override
    void close();
}
