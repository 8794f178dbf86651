package io.asyncservice.sidecar.engine;

import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the lease of every message in flight alive: every {@code leaseRenewInterval} it calls
 * {@code extendLease(3 x leaseRenewInterval)}, from receipt until settlement, backoff sleeps included.
 * (Adapters choose the interval as a third of their lease, so the lease is extended back to its full length.)
 */
final class LeaseKeeper {

    /** The lease asked for on each heartbeat, in multiples of the renew interval. */
    static final int LEASE_PER_INTERVAL = 3;
    private static final Logger LOG = LoggerFactory.getLogger(LeaseKeeper.class);

    private final Duration interval;
    private final Duration leaseTime;
    private final ScheduledExecutorService scheduler;

    /** @param interval the source's renew interval, or null when its broker needs no heartbeat */
    LeaseKeeper(Duration interval, ScheduledExecutorService scheduler) {
        this.interval = interval == null || interval.isZero() || interval.isNegative() ? null : interval;
        this.leaseTime = this.interval == null ? null : this.interval.multipliedBy(LEASE_PER_INTERVAL);
        this.scheduler = scheduler;
    }

    void start(InFlightDelivery f) {
        if (interval == null) {
            return;
        }
        long nanos = interval.toNanos();
        f.heartbeat(scheduler.scheduleAtFixedRate(() -> beat(f), nanos, nanos, TimeUnit.NANOSECONDS));
    }

    private void beat(InFlightDelivery f) {
        try {
            f.extendLease(leaseTime);
        } catch (RuntimeException e) {
            // The next beat tries again; if the lease lapses the message is redelivered (at-least-once).
            LOG.atWarn().addKeyValue("request_id", f.requestId())
                    .log("could not extend the lease of request {}: {}", f.requestId(), e.toString());
        }
    }
}
