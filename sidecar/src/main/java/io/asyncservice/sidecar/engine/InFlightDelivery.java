package io.asyncservice.sidecar.engine;

import io.asyncservice.sidecar.broker.Delivery;
import io.asyncservice.sidecar.broker.MessageIdentity;
import java.time.Duration;
import java.util.concurrent.Future;

/**
 * A delivery the engine holds. It is settled exactly once: whoever claims the settlement first (the worker, or the
 * shutdown that releases leftovers) performs it; the lease heartbeat stops before, never after, the settlement.
 */
final class InFlightDelivery {

    private final Delivery delivery;
    private final long startNanos = System.nanoTime();
    private volatile String requestId;
    private volatile String identity;
    private boolean settled;
    private Future<?> heartbeat;

    InFlightDelivery(Delivery delivery) {
        this.delivery = delivery;
        this.requestId = delivery.requestId();
    }

    Delivery delivery() {
        return delivery;
    }

    long startNanos() {
        return startNanos;
    }

    /** How long the engine has held it. */
    Duration held() {
        return Duration.ofNanos(System.nanoTime() - startNanos);
    }

    /** The input's identity ({@link MessageIdentity}), computed once: the ledger's key and the outputs' deduplication id. */
    String identity() {
        String id = identity;
        if (id == null) {
            id = MessageIdentity.of(delivery);
            identity = id;
        }
        return id;
    }

    String requestId() {
        return requestId;
    }

    void requestId(String id) {
        this.requestId = id;
    }

    synchronized void heartbeat(Future<?> task) {
        if (settled) {
            task.cancel(false);
        } else {
            this.heartbeat = task;
        }
    }

    /** Extends the lease unless the delivery was settled meanwhile. */
    synchronized void extendLease(Duration leaseTime) {
        if (!settled) {
            delivery.extendLease(leaseTime);
        }
    }

    /** True for exactly one caller; stops the heartbeat. */
    synchronized boolean claimSettlement() {
        if (settled) {
            return false;
        }
        settled = true;
        if (heartbeat != null) {
            heartbeat.cancel(false);
        }
        return true;
    }
}
