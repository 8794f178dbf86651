package io.asyncservice.sidecar.broker;

import java.time.Duration;
import java.util.List;

/** The input queue, as the delivery engine sees it. One per sidecar. */
public interface MessageSource extends AutoCloseable {

    /**
     * Waits up to {@code maxWait} for messages and returns at most {@code max} of them, possibly none.
     * Each returned message is leased until it is settled.
     */
    List<Delivery> receive(int max, Duration maxWait) throws InterruptedException;

    /**
     * How often the engine calls {@link Delivery#extendLease} on a message in flight; null when the broker needs no
     * heartbeat. The engine asks for a lease of three intervals each time ({@code extendLease(3 * interval)}), from
     * receipt until the message is settled, backoff sleeps included; so a third of the broker's lease is a good interval.
     */
    Duration leaseRenewInterval();

    /**
     * How long after a message is received an attempt on it may still be running, or null when there is no such bound
     * (the broker's lease is extended while the app works). A broker without a lease (RabbitMQ's consumer_timeout)
     * gives one: the engine then releases a message rather than start an attempt, or wait before one, that could not end
     * in this window, and its attempts go on counting on its next delivery.
     */
    default Duration attemptWindow() {
        return null;
    }

    /** Whether the connection to the broker is up, for /readyz. */
    boolean isConnected();

    @Override
    void close();
}
