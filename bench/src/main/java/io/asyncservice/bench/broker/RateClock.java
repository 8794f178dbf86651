package io.asyncservice.bench.broker;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Counts messages handled by any number of threads and times them from the first to the last, so that connecting
 * and the first long poll are not part of a rate.
 */
public final class RateClock {

    private final AtomicLong count = new AtomicLong();
    private final AtomicLong firstAt = new AtomicLong();
    private volatile long lastAt;
    private volatile int firstBatch;

    /** Records {@code n} messages handled now; returns the total so far. */
    public long add(int n) {
        long now = System.nanoTime();
        if (firstAt.compareAndSet(0, now)) {
            firstBatch = n;
        }
        long total = count.addAndGet(n);
        lastAt = now;
        return total;
    }

    public long count() {
        return count.get();
    }

    /**
     * The rate from the first recorded batch to the last. The first batch only starts the clock: its messages are
     * not counted, since the time they took is not in the window.
     */
    public Rate rate() {
        long first = firstAt.get();
        if (first == 0) {
            return new Rate(0, 0);
        }
        return new Rate(count.get() - firstBatch, (lastAt - first) / 1e9);
    }
}
