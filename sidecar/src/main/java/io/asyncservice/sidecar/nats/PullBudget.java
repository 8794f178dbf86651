package io.asyncservice.sidecar.nats;

import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Counts the messages that open JetStream pull requests may still deliver, so that the sidecar never asks for more than
 * its free concurrency: messages in flight + messages promised by open pulls &lt;= concurrency.
 *
 * <p>A pull request stays open until its batch is filled or it expires on the server. Messages arrive in the order the
 * server serves its waiting requests (oldest first), so a received message is counted against the oldest open pull.
 * A pull counts as closed a grace period after its expiry, to cover messages the server sent just before it.
 * Not thread-safe: used under the source's lock.
 */
final class PullBudget {

    private static final class OpenPull {
        int remaining;
        final long closesAtNanos;

        OpenPull(int remaining, long closesAtNanos) {
            this.remaining = remaining;
            this.closesAtNanos = closesAtNanos;
        }
    }

    private final Deque<OpenPull> open = new ArrayDeque<>();
    private final long graceNanos;

    PullBudget(long graceNanos) {
        this.graceNanos = graceNanos;
    }

    /** Records a pull request for {@code batch} messages that the server ends at {@code expiresAtNanos}. */
    void pulled(int batch, long expiresAtNanos) {
        if (batch > 0) {
            open.addLast(new OpenPull(batch, expiresAtNanos + graceNanos));
        }
    }

    /** Records one received message. */
    void received(long nowNanos) {
        prune(nowNanos);
        OpenPull oldest = open.peekFirst();
        if (oldest != null && --oldest.remaining == 0) {
            open.removeFirst();
        }
    }

    /** How many more messages the open pull requests may deliver. */
    int promised(long nowNanos) {
        prune(nowNanos);
        int sum = 0;
        for (OpenPull pull : open) {
            sum += pull.remaining;
        }
        return sum;
    }

    /** Nanoseconds until the next open pull counts as closed, or -1 when none is open. */
    long nanosUntilNextClose(long nowNanos) {
        prune(nowNanos);
        long next = Long.MAX_VALUE;
        for (OpenPull pull : open) {
            next = Math.min(next, pull.closesAtNanos - nowNanos);
        }
        return open.isEmpty() ? -1 : Math.max(next, 0);
    }

    /** Forgets every open pull, e.g. after a reconnect, when the server no longer holds them. */
    void clear() {
        open.clear();
    }

    private void prune(long nowNanos) {
        open.removeIf(pull -> pull.closesAtNanos - nowNanos <= 0);
    }
}
