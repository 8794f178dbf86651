package io.asyncservice.sidecar.kafka;

import io.asyncservice.api.v1alpha1.KafkaOrdering;
import java.time.Duration;

/**
 * How the Kafka source buffers, pauses and gives up partitions.
 *
 * @param ordering {@code PARTITION}: one record in flight per partition; {@code UNORDERED}: parallel within a partition
 * @param waitingPerPartition a partition is paused when this many of its records wait to be handed out
 * @param waitingTotal every partition is paused when this many records wait in all
 * @param waitingBytesTotal every partition is paused when the records that wait hold this many key and value bytes
 * @param uncommittedPerPartition a partition is paused when this many of its records are fetched but not committed
 *     (bounds memory and redelivery when one slow record holds the commit back while later ones finish)
 * @param pollTimeout how long one poll blocks; acks are committed and pauses adjusted at least this often
 * @param revokeWait how long a revocation waits for in-flight records of the revoked partitions before abandoning them
 * @param closeTimeout how long closing the consumer may take (commit and leaving the group)
 */
record KafkaSourceSettings(
        KafkaOrdering ordering,
        int waitingPerPartition,
        int waitingTotal,
        long waitingBytesTotal,
        int uncommittedPerPartition,
        Duration pollTimeout,
        Duration revokeWait,
        Duration closeTimeout) {

    static final Duration DEFAULT_REVOKE_WAIT = Duration.ofSeconds(10);
    /**
     * Fetched records waiting for a worker hold at most this much, whatever their size: a sixteenth of the 128 MiB heap
     * that the chart's default sidecar memory limit gives, next to the fetch buffer (fetch.max.bytes, see
     * {@link KafkaClientProperties}) and the messages in flight (see {@code MemoryPlan}).
     */
    static final long DEFAULT_WAITING_BYTES = 8L * 1024 * 1024;

    KafkaSourceSettings {
        if (waitingPerPartition < 1 || waitingTotal < 1 || waitingBytesTotal < 1 || uncommittedPerPartition < 1) {
            throw new IllegalArgumentException("buffer limits must be positive");
        }
    }

    /**
     * The defaults for a concurrency: enough buffered to keep every worker busy, and a revocation wait well inside
     * {@code max.poll.interval.ms} (the revocation runs inside a poll, so it must not let that interval expire).
     */
    static KafkaSourceSettings defaults(KafkaOrdering ordering, int concurrency, Duration maxPollInterval) {
        int c = Math.max(1, concurrency);
        Duration halfInterval = maxPollInterval.dividedBy(2);
        // A buffer of a few fetches, not of a few records: a partition that is resumed only once its buffer is empty
        // would cost a fetch round trip per record. The bytes are bounded here and in the fetch (fetch.max.bytes).
        return new KafkaSourceSettings(
                ordering,
                Math.max(2 * c, 64),
                Math.max(4 * c, 256),
                DEFAULT_WAITING_BYTES,
                Math.max(1000, 8 * c),
                Duration.ofMillis(50),
                halfInterval.compareTo(DEFAULT_REVOKE_WAIT) < 0 ? halfInterval : DEFAULT_REVOKE_WAIT,
                Duration.ofSeconds(10));
    }

    boolean oneAtATime() {
        return ordering == KafkaOrdering.PARTITION;
    }

    KafkaSourceSettings withRevokeWait(Duration wait) {
        return new KafkaSourceSettings(ordering, waitingPerPartition, waitingTotal, waitingBytesTotal, uncommittedPerPartition,
                pollTimeout, wait, closeTimeout);
    }
}
