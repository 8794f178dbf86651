package io.asyncservice.sidecar.engine;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/** Raised once when the engine starts draining; sleeps in the engine end early when it is raised. */
final class StopSignal {

    private final CountDownLatch latch = new CountDownLatch(1);

    void raise() {
        latch.countDown();
    }

    boolean raised() {
        return latch.getCount() == 0;
    }

    /** Sleeps up to {@code d}; returns true when the signal was raised (before or during the sleep). */
    boolean awaitFor(Duration d) throws InterruptedException {
        return latch.await(d.toNanos(), TimeUnit.NANOSECONDS);
    }
}
