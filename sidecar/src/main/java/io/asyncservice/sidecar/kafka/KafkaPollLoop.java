package io.asyncservice.sidecar.kafka;

import java.time.Duration;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.InterruptException;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one thread that owns the {@link Consumer} (it is not thread-safe). Each turn it pauses the partitions whose
 * buffer is full and resumes the others, polls (so {@code max.poll.interval.ms} never expires, however long a record
 * takes), hands the records to the {@link AssignmentLedger} and commits what the engine acked. Rebalance callbacks run
 * here too, inside {@code poll}.
 */
final class KafkaPollLoop implements Runnable {

    private static final Logger log = LoggerFactory.getLogger(KafkaPollLoop.class);
    private static final Duration ERROR_BACKOFF = Duration.ofSeconds(1);
    private static final long CONNECTION_CHECK_NANOS = Duration.ofSeconds(1).toNanos();

    private final Consumer<byte[], byte[]> consumer;
    private final String topic;
    private final AssignmentLedger ledger;
    private final KafkaSourceSettings settings;
    private final AtomicInteger assignments = new AtomicInteger();
    private final AtomicBoolean commitRequested = new AtomicBoolean();
    private volatile boolean polling;
    private volatile Set<TopicPartition> pausedNow = Set.of();
    private volatile boolean stopping;
    private volatile boolean connected;
    private long lastConnectionCheck;
    private int commitFailures;
    /** When the async commit under way was sent (System.nanoTime), or 0 when none is. Poll thread only. */
    private long commitInFlightSince;

    KafkaPollLoop(Consumer<byte[], byte[]> consumer, String topic, KafkaSourceSettings settings) {
        this.consumer = consumer;
        this.topic = topic;
        this.ledger = new AssignmentLedger(settings, this::requestCommit);
        this.settings = settings;
    }

    AssignmentLedger ledger() {
        return ledger;
    }

    @Override
    public void run() {
        try {
            consumer.subscribe(List.of(topic), new Listener());
            int failures = 0;
            while (!stopping) {
                try {
                    turn();
                    failures = 0;
                } catch (WakeupException e) {
                    // stop() or an ack woke the poll; the loop condition decides.
                } catch (InterruptException e) {
                    if (!stopping) {
                        log.warn("kafka: poll thread of topic {} interrupted; continuing", topic);
                    }
                    Thread.interrupted();
                } catch (RuntimeException e) {
                    // Authorization, a broker that is gone, or a bug of ours: the loop must not die while the sidecar
                    // looks alive, so it retries; /readyz reports the broker as not connected meanwhile.
                    connected = false;
                    if (failures++ % 30 == 0) {
                        log.error("kafka: polling topic {} failed ({} in a row), retrying every {} s: {}", topic, failures,
                                ERROR_BACKOFF.toSeconds(), e.toString(), e instanceof KafkaException ? null : e);
                    }
                    sleep(ERROR_BACKOFF);
                }
            }
        } finally {
            shutDown();
        }
    }

    private void turn() {
        commitRequested.set(false);
        commitAcked();
        applyPauses();
        ConsumerRecords<byte[], byte[]> records;
        polling = true;
        try {
            // An ack that arrives from here on either sees polling and wakes the poll, or was seen here.
            records = consumer.poll(commitRequested.get() ? Duration.ZERO : settings.pollTimeout());
        } finally {
            polling = false;
        }
        ledger.add(records);
        checkConnection();
    }

    /**
     * Sends what was acked since the last commit; the acks waiting for it complete in the callback. One commit is in
     * flight at a time: the broker answers a connection's requests one by one, so commits sent back to back, each for
     * the one or two records acked since the previous, would cap throughput at the commit rate. Instead the next commit
     * goes out as soon as the previous one returns and covers everything acked meanwhile.
     */
    private void commitAcked() {
        if (commitInFlightSince != 0) {
            if (System.nanoTime() - commitInFlightSince < settings.closeTimeout().toNanos()) {
                return;
            }
            log.warn("kafka: no answer to a commit on topic {} for {} s; sending the next one", topic,
                    settings.closeTimeout().toSeconds());
        }
        Map<TopicPartition, OffsetAndMetadata> commits = ledger.takeCommits();
        if (commits.isEmpty()) {
            commitInFlightSince = 0;
            return;
        }
        long sentAt = System.nanoTime();
        commitInFlightSince = sentAt;
        consumer.commitAsync(commits, (offsets, error) -> {
            if (commitInFlightSince == sentAt) {
                commitInFlightSince = 0;
            }
            if (error == null) {
                commitFailures = 0;
                ledger.committed(offsets);
                // Acks that came in while this commit was under way wait for the next one: send it now.
                requestCommitFromPollThread();
            } else {
                if (commitFailures++ % 100 == 0) {
                    log.warn("kafka: commit of {} failed ({} in a row), it is retried on every poll: {}", offsets.keySet(),
                            commitFailures, error.toString());
                }
                ledger.commitFailed(offsets);
            }
        });
    }

    /** Called inside poll (a commit callback): end this poll now if another commit is due. */
    private void requestCommitFromPollThread() {
        if (ledger.hasCommitsToSend()) {
            commitRequested.set(true);
            consumer.wakeup();
        }
    }

    /** An ack moved a commit point: commit now rather than after the current poll's timeout. */
    private void requestCommit() {
        if (commitRequested.compareAndSet(false, true) && polling) {
            consumer.wakeup();
        }
    }

    private void applyPauses() {
        Set<TopicPartition> assigned = consumer.assignment();
        Set<TopicPartition> pause = ledger.partitionsToPause();
        pause.retainAll(assigned);
        Set<TopicPartition> paused = consumer.paused();
        Set<TopicPartition> resume = new HashSet<>(paused);
        resume.removeAll(pause);
        resume.retainAll(assigned);
        pause.removeAll(paused);
        if (!pause.isEmpty()) {
            consumer.pause(pause);
        }
        if (!resume.isEmpty()) {
            consumer.resume(resume);
        }
        pausedNow = Set.copyOf(consumer.paused());
    }

    /** Connected while the consumer holds at least one connection to a broker (the coordinator's heartbeats keep one). */
    private void checkConnection() {
        long now = System.nanoTime();
        if (now - lastConnectionCheck < CONNECTION_CHECK_NANOS && lastConnectionCheck != 0) {
            return;
        }
        lastConnectionCheck = now;
        boolean any = false;
        for (Map.Entry<MetricName, ? extends Metric> m : consumer.metrics().entrySet()) {
            MetricName name = m.getKey();
            if ("connection-count".equals(name.name()) && "consumer-metrics".equals(name.group())
                    && m.getValue().metricValue() instanceof Double d && d > 0) {
                any = true;
                break;
            }
        }
        connected = any;
    }

    private void shutDown() {
        connected = false;
        try {
            Map<TopicPartition, OffsetAndMetadata> commits = ledger.takeCommits();
            commitSync(commits);
            ledger.committed(commits);
        } catch (RuntimeException e) {
            log.warn("kafka: final commit on topic {} failed; records since the last commit will be redelivered: {}", topic,
                    e.toString());
        }
        try {
            // Leaving the group revokes the partitions once more; the listener commits anything acked meanwhile.
            consumer.close(CloseOptions.timeout(settings.closeTimeout()));
        } catch (RuntimeException e) {
            log.warn("kafka: closing the consumer of topic {} failed: {}", topic, e.toString());
        } finally {
            ledger.abandonAll();
        }
    }

    /** Commits synchronously; a wake-up meant for the poll (see {@link #requestCommit()}) must not cost the commit. */
    private void commitSync(Map<TopicPartition, OffsetAndMetadata> commits) {
        if (commits.isEmpty()) {
            return;
        }
        for (int attempt = 1; ; attempt++) {
            try {
                consumer.commitSync(commits, settings.closeTimeout());
                return;
            } catch (WakeupException e) {
                if (attempt >= 3) {
                    throw e;
                }
            }
        }
    }

    /** Asks the loop to finish: it commits, closes the consumer and ends. */
    void stop() {
        stopping = true;
        consumer.wakeup();
    }

    boolean isConnected() {
        return connected && !stopping;
    }

    /** The partitions paused as of the last poll. */
    Set<TopicPartition> paused() {
        return pausedNow;
    }

    /** How many times partitions were assigned to this consumer: 1 while the group has been stable since it joined. */
    int assignmentCount() {
        return assignments.get();
    }

    private static void sleep(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private final class Listener implements ConsumerRebalanceListener {

        @Override
        public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
            assignments.incrementAndGet();
            ledger.assigned(partitions);
            if (!partitions.isEmpty()) {
                log.info("kafka: assigned {}", partitions);
            }
        }

        @Override
        public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
            if (partitions.isEmpty()) {
                return;
            }
            Duration wait = stopping ? Duration.ZERO : settings.revokeWait();
            AssignmentLedger.Revocation revocation = ledger.revoke(partitions, wait);
            boolean ok = true;
            try {
                commitSync(revocation.commits());
            } catch (RuntimeException e) {
                ok = false;
                log.warn("kafka: commit of revoked partitions {} failed; their records since the last commit will be "
                        + "redelivered: {}", partitions, e.toString());
            }
            revocation.committed(ok);
            log.info("kafka: revoked {}", partitions);
        }

        @Override
        public void onPartitionsLost(Collection<TopicPartition> partitions) {
            ledger.lose(partitions);
            if (!partitions.isEmpty()) {
                log.warn("kafka: lost {} without committing; their uncommitted records go to the next owner", partitions);
            }
        }
    }
}
