package io.asyncservice.sidecar.kafka;

import io.asyncservice.sidecar.broker.AbstractDelivery;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One Kafka record handed to the engine. Settling it only updates the {@link AssignmentLedger}; the poll thread commits.
 *
 * <p>{@link #deliveryCount()} is always 1: Kafka does not count redeliveries, so attempts do not add up across
 * restarts (see the package documentation). {@link #extendLease} does nothing: the poll thread keeps the group
 * membership alive however long the work takes.
 */
final class KafkaDelivery extends AbstractDelivery {

    private final AssignmentLedger ledger;
    private final PartitionProgress progress;
    private final PartitionProgress.Entry entry;
    private final AtomicBoolean settled = new AtomicBoolean();

    KafkaDelivery(AssignmentLedger ledger, PartitionProgress progress, PartitionProgress.Entry entry) {
        this(ledger, progress, entry, KafkaRecords.headers(entry.record.headers()));
    }

    private KafkaDelivery(AssignmentLedger ledger, PartitionProgress progress, PartitionProgress.Entry entry,
            Map<String, String> headers) {
        super(entry.record.value(), headers, KafkaRecords.requestId(headers, entry.record.key()), KafkaRecords.contentType(headers), 1);
        this.ledger = ledger;
        this.progress = progress;
        this.entry = entry;
    }

    /** {@code topic-partition@offset}. */
    @Override
    public String messageId() {
        return progress.partition() + "@" + entry.offset;
    }

    @Override
    public void extendLease(Duration leaseTime) {
        // Nothing to do: the poll thread polls all the time (with busy partitions paused), so the membership never lapses.
    }

    @Override
    public CompletionStage<Void> ack() {
        return ledger.settle(this, AssignmentLedger.Outcome.ACK);
    }

    @Override
    public CompletionStage<Void> release() {
        return ledger.settle(this, AssignmentLedger.Outcome.RELEASE);
    }

    /**
     * Never expected: a Kafka input always has an output or a dead letter, so the engine never falls back to the
     * broker's own dead-letter policy, and Kafka has none. Should it happen anyway, the record is released (it stays
     * uncommitted and is handed out again) and an error is logged: a message is never dropped.
     */
    @Override
    public CompletionStage<Void> reject() {
        return ledger.settle(this, AssignmentLedger.Outcome.REJECT);
    }

    /** Claims the right to settle; false when the delivery was settled before. */
    boolean claimSettlement() {
        return settled.compareAndSet(false, true);
    }

    PartitionProgress progress() {
        return progress;
    }

    PartitionProgress.Entry entry() {
        return entry;
    }

    long offset() {
        return entry.offset;
    }

    @Override
    public String toString() {
        return progress.partition() + "@" + entry.offset + (requestId() == null ? "" : " requestId=" + requestId());
    }
}
