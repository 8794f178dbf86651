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

    /** Whether the connection to the broker is up, for /readyz. */
    boolean isConnected();

    @Override
    void close();
}
