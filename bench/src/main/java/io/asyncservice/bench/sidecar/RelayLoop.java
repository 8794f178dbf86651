package io.asyncservice.bench.sidecar;

import io.asyncservice.bench.broker.Lane;
import io.asyncservice.bench.broker.Rate;
import java.time.Duration;

/**
 * The plain broker client doing what the sidecar does at concurrency 1, one step after the other: receive a message
 * from the input, run {@code handle} (the call to the app, or nothing), publish the output and wait for the broker's
 * acceptance, acknowledge the input ({@link Lane#relayOne(Duration, Runnable)}). The latency bench runs it in a thread
 * of its own ({@link #startInBackground()}); the throughput bench times it on pre-published messages
 * ({@link #measure}).
 */
public final class RelayLoop {

    private static final Duration RECEIVE_WAIT = Duration.ofSeconds(1);

    private final Lane lane;
    private final Runnable handle;

    public RelayLoop(Lane lane, Runnable handle) {
        this.lane = lane;
        this.handle = handle;
    }

    /** Only the broker's work, no app call. */
    public static RelayLoop brokerOnly(Lane lane) {
        return new RelayLoop(lane, () -> { });
    }

    /**
     * Relays {@code messages} messages already on the input. The rate runs from the relay of the first {@code warmUp}
     * messages (unmeasured, as the sidecar's own warm-up tenth) to that of the last one, so it counts
     * {@code messages - warmUp} messages.
     */
    public Rate measure(int messages, int warmUp, Duration timeout) {
        if (warmUp < 0 || warmUp >= messages) {
            throw new IllegalArgumentException("warm-up " + warmUp + " is not below " + messages + " messages");
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        long start = System.nanoTime();
        for (int i = 0; i < messages; i++) {
            if (i == warmUp) {
                start = System.nanoTime();
            }
            while (!lane.relayOne(RECEIVE_WAIT, handle)) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("the plain-client relay handled " + i + " of " + messages
                            + " messages in " + timeout.toSeconds() + " s");
                }
            }
        }
        return new Rate(messages - warmUp, (System.nanoTime() - start) / 1e9);
    }

    /** Relays in a thread of its own until closed, so that a receive is waiting when a message is published. */
    public Running startInBackground() {
        Running running = new Running();
        running.thread.setDaemon(true);
        running.thread.start();
        return running;
    }

    /** The loop in its background thread; closing stops it and rethrows what made it fail, if anything did. */
    public final class Running implements AutoCloseable {

        private final Thread thread = new Thread(this::loop, "relay");
        private volatile boolean running = true;
        private volatile RuntimeException failure;

        private Running() {
        }

        private void loop() {
            while (running) {
                try {
                    lane.relayOne(RECEIVE_WAIT, handle);
                } catch (RuntimeException e) {
                    if (running) {
                        failure = e;
                    }
                    return;
                }
            }
        }

        @Override
        public void close() {
            running = false;
            try {
                thread.join(5000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            if (failure != null) {
                throw failure;
            }
        }
    }
}
