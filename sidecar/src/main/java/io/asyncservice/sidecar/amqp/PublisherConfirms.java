package io.asyncservice.sidecar.amqp;

import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentNavigableMap;
import java.util.concurrent.ConcurrentSkipListMap;

/**
 * Publisher confirms of one channel: each publish sequence number maps to the future its caller waits on. An ack
 * completes it; a nack, a return (unroutable) or the channel closing fails it. A confirm may cover every number up to
 * its own ({@code multiple}).
 */
final class PublisherConfirms {

    private final ConcurrentNavigableMap<Long, CompletableFuture<Void>> outstanding = new ConcurrentSkipListMap<>();

    CompletableFuture<Void> register(long sequenceNumber) {
        CompletableFuture<Void> future = new CompletableFuture<>();
        outstanding.put(sequenceNumber, future);
        return future;
    }

    void acked(long sequenceNumber, boolean multiple) {
        settle(sequenceNumber, multiple, null);
    }

    void nacked(long sequenceNumber, boolean multiple) {
        settle(sequenceNumber, multiple, new IllegalStateException("the broker refused the message (basic.nack)"));
    }

    /** Fails one publish before its confirm arrives, e.g. when the broker returned it as unroutable. */
    void fail(long sequenceNumber, Throwable cause) {
        CompletableFuture<Void> future = outstanding.remove(sequenceNumber);
        if (future != null) {
            future.completeExceptionally(cause);
        }
    }

    /** Fails everything still waiting, e.g. when the channel closed: those confirms will never come. */
    void failAll(Throwable cause) {
        while (!outstanding.isEmpty()) {
            Map.Entry<Long, CompletableFuture<Void>> first = outstanding.pollFirstEntry();
            if (first != null) {
                first.getValue().completeExceptionally(cause);
            }
        }
    }

    /** Forgets a publish whose caller gave up (timeout). */
    void forget(long sequenceNumber) {
        outstanding.remove(sequenceNumber);
    }

    int size() {
        return outstanding.size();
    }

    private void settle(long sequenceNumber, boolean multiple, Throwable failure) {
        Map<Long, CompletableFuture<Void>> covered = multiple
                ? outstanding.headMap(sequenceNumber, true)
                : outstanding.subMap(sequenceNumber, true, sequenceNumber, true);
        for (Long key : covered.keySet()) {
            CompletableFuture<Void> future = outstanding.remove(key);
            if (future == null) {
                continue;
            }
            if (failure == null) {
                future.complete(null);
            } else {
                future.completeExceptionally(failure);
            }
        }
    }
}
