package io.asyncservice.sidecar.kafka;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;

/**
 * The bookkeeping of one assigned partition: which fetched records wait to be handed out, which are in flight, which
 * are done, and the offset that may be committed. The committed offset is always one past the highest offset of an
 * unbroken run of done records starting at the last commit, so it never passes a record that is not done.
 *
 * <p>Not thread-safe: {@link AssignmentLedger} guards every instance with its lock. One instance lives for one
 * assignment of the partition; after a revocation it is {@linkplain #abandon() abandoned} and a later assignment of
 * the same partition gets a fresh one.
 */
final class PartitionProgress {

    /** One fetched, not yet committed record. */
    static final class Entry {
        final long offset;
        /** The record's key and value bytes, counted while it waits to be handed out. */
        final long bytes;
        /** Dropped once the record is done, so completed entries waiting for a commit hold no payload. */
        ConsumerRecord<byte[], byte[]> record;
        State state = State.WAITING;

        Entry(ConsumerRecord<byte[], byte[]> record) {
            this.offset = record.offset();
            this.record = record;
            this.bytes = (record.key() == null ? 0L : record.key().length) + (record.value() == null ? 0L : record.value().length);
        }
    }

    enum State { WAITING, IN_FLIGHT, DONE }

    private final TopicPartition partition;
    /** Every fetched record from the last commit point on, in offset order. */
    private final ArrayDeque<Entry> uncommitted = new ArrayDeque<>();
    /** Fetched (or released) records not handed out, by offset. */
    private final TreeMap<Long, Entry> waiting = new TreeMap<>();
    /** Acks waiting for their commit, by the committed offset that covers them. */
    private final TreeMap<Long, List<CompletableFuture<Void>>> commitWaiters = new TreeMap<>();
    private int inFlight;
    /** The bytes of the records in {@link #waiting}. */
    private long waitingBytes;
    /** The offset to commit next (one past the last of the done prefix), or -1 when nothing is done yet. */
    private long commitPoint = -1;
    /** The offset last sent in a commit, or -1 when none since the last failure. */
    private long sentCommit = -1;
    private boolean revoking;
    private boolean abandoned;

    PartitionProgress(TopicPartition partition) {
        this.partition = partition;
    }

    TopicPartition partition() {
        return partition;
    }

    /**
     * Adds a fetched record. Returns false (and ignores it) when its offset is not past the last one seen, which the
     * consumer never does unless it was sought back.
     */
    boolean add(ConsumerRecord<byte[], byte[]> record) {
        Entry last = uncommitted.peekLast();
        if (abandoned || revoking || (last != null && record.offset() <= last.offset)
                || (commitPoint >= 0 && record.offset() < commitPoint)) {
            return false;
        }
        Entry entry = new Entry(record);
        uncommitted.addLast(entry);
        waiting.put(entry.offset, entry);
        waitingBytes += entry.bytes;
        return true;
    }

    /** Whether {@link #handOut()} may be called: a record waits and the ordering allows one more in flight. */
    boolean canHandOut(boolean oneAtATime) {
        return !abandoned && !revoking && !waiting.isEmpty() && (!oneAtATime || inFlight == 0);
    }

    /** Hands out the lowest waiting record. */
    Entry handOut() {
        Map.Entry<Long, Entry> first = waiting.pollFirstEntry();
        if (first == null) {
            throw new IllegalStateException("no record waits on " + partition);
        }
        Entry entry = first.getValue();
        waitingBytes -= entry.bytes;
        entry.state = State.IN_FLIGHT;
        inFlight++;
        return entry;
    }

    /** Marks an in-flight record done and advances the commit point over the done prefix. */
    void complete(Entry entry) {
        requireInFlight(entry);
        entry.state = State.DONE;
        entry.record = null;
        inFlight--;
        while (!uncommitted.isEmpty() && uncommitted.peekFirst().state == State.DONE) {
            commitPoint = uncommitted.pollFirst().offset + 1;
        }
    }

    /** Puts an in-flight record back among the waiting ones, in offset order, so it is handed out again. */
    void giveBack(Entry entry) {
        requireInFlight(entry);
        entry.state = State.WAITING;
        inFlight--;
        waiting.put(entry.offset, entry);
        waitingBytes += entry.bytes;
    }

    private void requireInFlight(Entry entry) {
        if (entry.state != State.IN_FLIGHT) {
            throw new IllegalStateException("offset " + entry.offset + " of " + partition + " is " + entry.state);
        }
    }

    /** The offset to commit when it moved since the last commit was sent, else -1. Marks it sent. */
    long takeCommit() {
        if (commitPoint < 0 || commitPoint == sentCommit) {
            return -1;
        }
        sentCommit = commitPoint;
        return commitPoint;
    }

    boolean hasCommitToSend() {
        return commitPoint >= 0 && commitPoint != sentCommit;
    }

    /** A commit of {@code offset} failed: send the commit point again next time. */
    void commitFailed(long offset) {
        if (sentCommit == offset) {
            sentCommit = -1;
        }
    }

    /** Completes {@code ack} once a commit of at least {@code offset} succeeds. */
    void awaitCommit(long offset, CompletableFuture<Void> ack) {
        commitWaiters.computeIfAbsent(offset, o -> new ArrayList<>()).add(ack);
    }

    /** Removes and returns the acks that a successful commit of {@code offset} covers. */
    List<CompletableFuture<Void>> committed(long offset) {
        Map<Long, List<CompletableFuture<Void>>> covered = commitWaiters.headMap(offset, true);
        List<CompletableFuture<Void>> done = new ArrayList<>();
        covered.values().forEach(done::addAll);
        covered.clear();
        return done;
    }

    /** Removes and returns every ack still waiting for a commit. */
    List<CompletableFuture<Void>> dropCommitWaiters() {
        return committed(Long.MAX_VALUE);
    }

    /** Stops handing out: records that wait are dropped (they stay uncommitted), in-flight ones may still finish. */
    void startRevoking() {
        revoking = true;
        waiting.clear();
        waitingBytes = 0;
    }

    /** After this, completions are ignored: the records belong to the partition's next owner. */
    void abandon() {
        abandoned = true;
        waiting.clear();
        waitingBytes = 0;
    }

    boolean isRevoking() {
        return revoking && !abandoned;
    }

    boolean isAbandoned() {
        return abandoned;
    }

    int inFlight() {
        return inFlight;
    }

    int waitingCount() {
        return waiting.size();
    }

    long waitingBytes() {
        return waitingBytes;
    }

    int uncommittedCount() {
        return uncommitted.size();
    }

    long commitPoint() {
        return commitPoint;
    }
}
