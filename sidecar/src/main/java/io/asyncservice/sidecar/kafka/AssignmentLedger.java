package io.asyncservice.sidecar.kafka;

import io.asyncservice.sidecar.broker.Delivery;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The state shared between the poll thread and the engine's threads: the records of every assigned partition, from
 * fetched to committed. The poll thread adds records, asks what to pause and what to commit, and handles rebalances;
 * the engine takes deliveries and settles them from any thread. One lock guards it all; the {@code KafkaConsumer}
 * itself is never touched here.
 */
final class AssignmentLedger {

    enum Outcome { ACK, RELEASE, REJECT }

    private static final Logger log = LoggerFactory.getLogger(AssignmentLedger.class);

    private final KafkaSourceSettings settings;
    /** Called (outside the lock) when an ack moved a commit point: the poll thread should commit now. */
    private final Runnable commitWanted;
    private final ReentrantLock lock = new ReentrantLock();
    /** Signalled on every change: records added, a delivery settled, closing. */
    private final Condition changed = lock.newCondition();
    private final Map<TopicPartition, PartitionProgress> partitions = new LinkedHashMap<>();
    private final List<PartitionProgress> rotation = new ArrayList<>();
    private int cursor;
    private boolean closing;

    AssignmentLedger(KafkaSourceSettings settings, Runnable commitWanted) {
        this.settings = settings;
        this.commitWanted = commitWanted;
    }

    /**
     * What a revocation hands back to the poll thread: the offsets to commit, and the acks waiting for them (each
     * partition's commit covers all of its waiting acks).
     */
    record Revocation(Map<TopicPartition, OffsetAndMetadata> commits, List<CompletableFuture<Void>> waiting) {

        void committed(boolean ok) {
            for (CompletableFuture<Void> f : waiting) {
                if (ok) {
                    f.complete(null);
                } else {
                    f.completeExceptionally(new IllegalStateException(
                            "the commit of a revoked partition failed; its next owner receives the record again"));
                }
            }
        }
    }

    /** New partitions start with empty progress; a partition assigned again after a revocation starts afresh. */
    void assigned(Collection<TopicPartition> assigned) {
        lock.lock();
        try {
            for (TopicPartition tp : assigned) {
                partitions.computeIfAbsent(tp, PartitionProgress::new);
            }
            rebuildRotation();
        } finally {
            lock.unlock();
        }
    }

    void add(ConsumerRecords<byte[], byte[]> records) {
        if (records.isEmpty()) {
            return;
        }
        lock.lock();
        try {
            for (TopicPartition tp : records.partitions()) {
                PartitionProgress progress = partitions.get(tp);
                if (progress == null) {
                    log.warn("kafka: records for unassigned partition {} dropped (they stay uncommitted)", tp);
                    continue;
                }
                for (ConsumerRecord<byte[], byte[]> record : records.records(tp)) {
                    if (!progress.add(record)) {
                        log.warn("kafka: record {}@{} fetched twice or out of order, ignored", tp, record.offset());
                    }
                }
            }
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /**
     * Waits up to {@code maxWait} for records that may be handed out and returns at most {@code max}, taking one per
     * partition in turn so that no partition starves the others.
     */
    List<Delivery> take(int max, Duration maxWait) throws InterruptedException {
        if (max <= 0) {
            return List.of();
        }
        long nanos = maxWait.toNanos();
        lock.lockInterruptibly();
        try {
            while (true) {
                if (closing) {
                    return List.of();
                }
                List<Delivery> taken = collect(max);
                if (!taken.isEmpty() || nanos <= 0) {
                    return taken;
                }
                nanos = changed.awaitNanos(nanos);
            }
        } finally {
            lock.unlock();
        }
    }

    private List<Delivery> collect(int max) {
        List<Delivery> taken = new ArrayList<>();
        int n = rotation.size();
        boolean more = true;
        while (more && taken.size() < max) {
            more = false;
            for (int i = 0; i < n && taken.size() < max; i++) {
                PartitionProgress p = rotation.get((cursor + i) % n);
                if (p.canHandOut(settings.oneAtATime())) {
                    taken.add(new KafkaDelivery(this, p, p.handOut()));
                    more = true;
                }
            }
        }
        if (n > 0) {
            cursor = (cursor + 1) % n;
        }
        return taken;
    }

    /**
     * Records the outcome of a delivery. An ack that moves its partition's commit point completes once the poll thread
     * has committed it (it asks for a commit at once); an ack behind a record still in flight completes at once, since
     * its commit waits for that record, whose own ack will complete only after the commit. So when every in-flight
     * record has been acked, the last ack completes only after all of them are committed. Release and reject complete
     * at once. An ack for a partition that was revoked or lost meanwhile fails: the record goes to the partition's next
     * owner.
     */
    CompletionStage<Void> settle(KafkaDelivery delivery, Outcome outcome) {
        if (!delivery.claimSettlement()) {
            return CompletableFuture.failedFuture(new IllegalStateException("kafka record " + delivery + " was already settled"));
        }
        CompletableFuture<Void> result;
        lock.lock();
        try {
            PartitionProgress progress = delivery.progress();
            if (progress.isAbandoned()) {
                return CompletableFuture.failedFuture(new IllegalStateException("kafka partition "
                        + progress.partition() + " was revoked before the " + outcome.name().toLowerCase(java.util.Locale.ROOT)
                        + " of offset " + delivery.offset() + "; its next owner receives the record again"));
            }
            switch (outcome) {
                case ACK -> progress.complete(delivery.entry());
                case RELEASE -> progress.giveBack(delivery.entry());
                case REJECT -> {
                    log.error("kafka: reject of {} is not supported (Kafka has no dead-letter policy of its own; a Kafka input "
                            + "needs an output or a deadLetter). The record is released and will be delivered again", delivery);
                    progress.giveBack(delivery.entry());
                }
            }
            changed.signalAll();
            if (outcome == Outcome.ACK && progress.commitPoint() > delivery.offset()) {
                result = new CompletableFuture<>();
                progress.awaitCommit(delivery.offset() + 1, result);
            } else {
                return CompletableFuture.completedFuture(null);
            }
        } finally {
            lock.unlock();
        }
        commitWanted.run();
        return result;
    }

    /** The offsets whose commit point moved since they were last sent; marks them sent. */
    Map<TopicPartition, OffsetAndMetadata> takeCommits() {
        lock.lock();
        try {
            Map<TopicPartition, OffsetAndMetadata> commits = new LinkedHashMap<>();
            for (PartitionProgress p : partitions.values()) {
                long offset = p.takeCommit();
                if (offset >= 0) {
                    commits.put(p.partition(), new OffsetAndMetadata(offset));
                }
            }
            return commits;
        } finally {
            lock.unlock();
        }
    }

    /** Whether some partition's commit point moved since its last commit was sent. */
    boolean hasCommitsToSend() {
        lock.lock();
        try {
            return partitions.values().stream().anyMatch(PartitionProgress::hasCommitToSend);
        } finally {
            lock.unlock();
        }
    }

    /** A commit succeeded: the acks it covers complete. */
    void committed(Map<TopicPartition, OffsetAndMetadata> offsets) {
        List<CompletableFuture<Void>> done = new ArrayList<>();
        lock.lock();
        try {
            offsets.forEach((tp, om) -> {
                PartitionProgress p = partitions.get(tp);
                if (p != null) {
                    done.addAll(p.committed(om.offset()));
                }
            });
        } finally {
            lock.unlock();
        }
        done.forEach(f -> f.complete(null));
    }

    /** An asynchronous commit failed: those offsets are sent again with the next commit. */
    void commitFailed(Map<TopicPartition, OffsetAndMetadata> offsets) {
        lock.lock();
        try {
            offsets.forEach((tp, om) -> {
                PartitionProgress p = partitions.get(tp);
                if (p != null) {
                    p.commitFailed(om.offset());
                }
            });
        } finally {
            lock.unlock();
        }
    }

    /**
     * Partitions are being revoked: stop handing out their records, wait up to {@code wait} for those in flight, then
     * abandon them (later acks fail) and return each partition's done prefix to commit, with the acks waiting for it.
     * Runs on the poll thread, inside {@code poll}.
     */
    Revocation revoke(Collection<TopicPartition> revoked, Duration wait) {
        lock.lock();
        try {
            List<PartitionProgress> leaving = new ArrayList<>();
            for (TopicPartition tp : revoked) {
                PartitionProgress p = partitions.get(tp);
                if (p != null) {
                    p.startRevoking();
                    leaving.add(p);
                }
            }
            long nanos = wait.toNanos();
            while (nanos > 0 && leaving.stream().anyMatch(p -> p.inFlight() > 0)) {
                nanos = changed.awaitNanos(nanos);
            }
            Map<TopicPartition, OffsetAndMetadata> commits = new LinkedHashMap<>();
            List<CompletableFuture<Void>> waiting = new ArrayList<>();
            for (PartitionProgress p : leaving) {
                if (p.commitPoint() >= 0) {
                    commits.put(p.partition(), new OffsetAndMetadata(p.commitPoint()));
                    waiting.addAll(p.dropCommitWaiters());
                }
                if (p.inFlight() > 0) {
                    log.warn("kafka: partition {} revoked with {} record(s) still in flight after {} ms; they stay uncommitted and "
                            + "will be redelivered to the partition's next owner", p.partition(), p.inFlight(), wait.toMillis());
                }
                p.abandon();
                partitions.remove(p.partition());
            }
            rebuildRotation();
            return new Revocation(commits, waiting);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            lose(revoked);
            return new Revocation(Map.of(), List.of());
        } finally {
            lock.unlock();
        }
    }

    /** Partitions were lost (the group moved on without us): drop them without committing. */
    void lose(Collection<TopicPartition> lost) {
        List<CompletableFuture<Void>> failed = new ArrayList<>();
        lock.lock();
        try {
            for (TopicPartition tp : lost) {
                PartitionProgress p = partitions.remove(tp);
                if (p != null) {
                    if (p.inFlight() > 0) {
                        log.warn("kafka: partition {} lost with {} record(s) in flight; they will be redelivered to its next owner",
                                tp, p.inFlight());
                    }
                    failed.addAll(p.dropCommitWaiters());
                    p.abandon();
                }
            }
            rebuildRotation();
        } finally {
            lock.unlock();
        }
        failed.forEach(f -> f.completeExceptionally(
                new IllegalStateException("the partition was lost before the ack was committed; the record will be redelivered")));
    }

    /**
     * Partitions to pause: too many records or bytes wait (in the partition or in all), or too many are uncommitted.
     * The byte bound is what keeps large records from filling the heap: a count alone would allow 256 of any size.
     */
    Set<TopicPartition> partitionsToPause() {
        lock.lock();
        try {
            int totalWaiting = 0;
            long totalWaitingBytes = 0;
            for (PartitionProgress p : partitions.values()) {
                totalWaiting += p.waitingCount();
                totalWaitingBytes += p.waitingBytes();
            }
            Set<TopicPartition> pause = new HashSet<>();
            for (PartitionProgress p : partitions.values()) {
                if (totalWaiting >= settings.waitingTotal()
                        || totalWaitingBytes >= settings.waitingBytesTotal()
                        || p.waitingCount() >= settings.waitingPerPartition()
                        || p.uncommittedCount() >= settings.uncommittedPerPartition()) {
                    pause.add(p.partition());
                }
            }
            return pause;
        } finally {
            lock.unlock();
        }
    }

    /** From now on nothing is handed out; waiting {@link #take} calls return empty. Settlements are still recorded. */
    void stopHandingOut() {
        lock.lock();
        try {
            closing = true;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** The consumer is closed: acks still waiting for a commit fail, later settlements fail. */
    void abandonAll() {
        List<CompletableFuture<Void>> failed = new ArrayList<>();
        lock.lock();
        try {
            closing = true;
            for (PartitionProgress p : partitions.values()) {
                failed.addAll(p.dropCommitWaiters());
                p.abandon();
            }
            partitions.clear();
            rotation.clear();
            changed.signalAll();
        } finally {
            lock.unlock();
        }
        failed.forEach(f -> f.completeExceptionally(
                new IllegalStateException("the consumer closed before the ack was committed; the record will be redelivered")));
    }

    /** Records handed out and not settled, over all partitions. */
    int inFlight() {
        lock.lock();
        try {
            return partitions.values().stream().mapToInt(PartitionProgress::inFlight).sum();
        } finally {
            lock.unlock();
        }
    }

    /** Partitions whose revocation is waiting for their in-flight records. */
    Set<TopicPartition> revoking() {
        lock.lock();
        try {
            Set<TopicPartition> revoking = new HashSet<>();
            partitions.values().stream().filter(PartitionProgress::isRevoking).forEach(p -> revoking.add(p.partition()));
            return revoking;
        } finally {
            lock.unlock();
        }
    }

    private void rebuildRotation() {
        rotation.clear();
        rotation.addAll(partitions.values());
        cursor = 0;
    }
}
