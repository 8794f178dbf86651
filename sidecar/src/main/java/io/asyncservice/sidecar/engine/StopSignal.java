package io.asyncservice.sidecar.engine;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Raised when the engine starts draining; sleeps in the engine end early when it is raised. Lowered again only when
 * a drain that no termination followed ends ({@link DeliveryEngine#drain(Duration)}).
 */
final class StopSignal {

    private volatile CountDownLatch latch = new CountDownLatch(1);

    synchronized void raise() {
        latch.countDown();
    }

    /** Makes a raised signal unraised, for the next drain. */
    synchronized void lower() {
        if (raised()) {
            latch = new CountDownLatch(1);
        }
    }

    boolean raised() {
        return latch.getCount() == 0;
    }

    /** Sleeps up to {@code d}; returns true when the signal was raised (before or during the sleep). */
    boolean awaitFor(Duration d) throws InterruptedException {
        return latch.await(d.toNanos(), TimeUnit.NANOSECONDS);
    }
}
