package io.asyncservice.sidecar.kafka;

import io.asyncservice.sidecar.broker.Delivery;
import io.asyncservice.sidecar.broker.MessageSource;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.consumer.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A Kafka topic read by a consumer group with manual commits. {@link #receive} hands out records that the poll thread
 * ({@link KafkaPollLoop}) buffered in the {@link AssignmentLedger}; acks are committed by the poll thread, never past a
 * record that is not done.
 */
public final class KafkaSource implements MessageSource {

    /**
     * What the source may hold besides the records in flight, whatever their size: a fetch response
     * ({@link KafkaClientProperties#FETCH_MAX_BYTES}) and the records waiting to be handed out
     * ({@link KafkaSourceSettings#DEFAULT_WAITING_BYTES}). The sidecar's memory plan sets it aside.
     */
    public static final long MAX_BUFFERED_BYTES = KafkaClientProperties.FETCH_MAX_BYTES + KafkaSourceSettings.DEFAULT_WAITING_BYTES;

    private static final Logger log = LoggerFactory.getLogger(KafkaSource.class);

    private final String topic;
    private final AssignmentLedger ledger;
    private final KafkaPollLoop loop;
    private final Thread pollThread;
    private final AtomicBoolean closed = new AtomicBoolean();

    KafkaSource(Consumer<byte[], byte[]> consumer, String topic, KafkaSourceSettings settings) {
        this.topic = topic;
        this.loop = new KafkaPollLoop(consumer, topic, settings);
        this.ledger = loop.ledger();
        this.pollThread = new Thread(loop, "kafka-poll-" + topic);
        pollThread.setDaemon(true);
        pollThread.start();
    }

    @Override
    public List<Delivery> receive(int max, Duration maxWait) throws InterruptedException {
        return ledger.take(max, maxWait);
    }

    /** Null: there is no lease to renew, the poll thread keeps the group membership alive. */
    @Override
    public Duration leaseRenewInterval() {
        return null;
    }

    @Override
    public boolean isConnected() {
        return loop.isConnected() && pollThread.isAlive();
    }

    /**
     * Stops handing out records, commits every partition's done prefix and leaves the group. Records still in flight
     * stay uncommitted and are redelivered to whoever owns their partition next; acks that arrive later are ignored.
     */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        ledger.stopHandingOut();
        loop.stop();
        try {
            pollThread.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            log.warn("kafka: interrupted while closing the consumer of topic {}", topic);
        }
    }

    /** Records handed out and not yet settled. */
    int inFlight() {
        return ledger.inFlight();
    }

    /** Partitions whose revocation is waiting for their in-flight records. */
    java.util.Set<org.apache.kafka.common.TopicPartition> revoking() {
        return ledger.revoking();
    }

    /** The partitions paused as of the last poll. */
    java.util.Set<org.apache.kafka.common.TopicPartition> paused() {
        return loop.paused();
    }

    /** How many times partitions were assigned; stays 1 while the group is stable. */
    int assignmentCount() {
        return loop.assignmentCount();
    }
}
