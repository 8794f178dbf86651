package io.asyncservice.sidecar.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import io.asyncservice.api.sidecar.SidecarConfig;
import io.asyncservice.api.v1alpha1.KafkaOrdering;
import io.asyncservice.sidecar.testing.AbstractDeliveryIT;
import io.asyncservice.sidecar.testing.BrokerFixture;
import io.asyncservice.sidecar.testing.InProcessSidecar;
import io.asyncservice.sidecar.testing.TestingApp;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

/**
 * The delivery contract against Kafka (KRaft in this JVM), with {@code unordered} ordering. "Outlasts its lease"
 * means: the app takes three times {@code max.poll.interval.ms}, and the record is still processed once (the poll
 * thread keeps polling, with the busy partitions paused). Plus what only Kafka has: {@code ordering: partition}.
 */
class KafkaDeliveryIT extends AbstractDeliveryIT {

    @Override
    protected BrokerFixture createFixture() {
        return new KafkaFixture();
    }

    private KafkaFixture.KafkaQueues kafkaQueues() {
        return (KafkaFixture.KafkaQueues) queues;
    }

    @Test
    void partitionOrderingKeepsOneMessagePerPartitionInFlight() {
        app.start().defaultReply(TestingApp.Reply.ok().after(Duration.ofMillis(50)));
        List<String> ids = publish(30, "ordered");
        SidecarConfig config = config(8, 3, true, false);
        config.getInput().getKafka().setOrdering(KafkaOrdering.PARTITION);
        startInProcess(config);

        awaitOutputs(ids);

        assertThat(app.maxInFlight()).as("concurrency 8, but only %d partitions", KafkaFixture.INPUT_PARTITIONS)
                .isBetween(1, KafkaFixture.INPUT_PARTITIONS);
        assertThat(app.calls()).hasSize(ids.size());
        awaitBacklogEmpty();
    }

    /** Prints messages per second through a no-op app; asserts only that every message got its output. */
    @Test
    void measureThroughputThroughANoOpApp() {
        app.start();
        run(32, 300, "warmup");
        double one = run(1, 500, "c1");
        double many = run(32, 3000, "c32");
        System.out.printf("[kafka] throughput through a no-op app (in-process sidecar, embedded single-node KRaft broker, "
                        + "input of %d partitions read unordered, output topic acks=all): concurrency 1: %.0f msg/s, "
                        + "concurrency 32: %.0f msg/s (load average %.1f on %d cores)%n", KafkaFixture.INPUT_PARTITIONS, one, many,
                ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage(),
                Runtime.getRuntime().availableProcessors());
    }

    /** Moves {@code n} messages at {@code concurrency}; returns messages per second from the first app call to the last output. */
    private double run(int concurrency, int n, String prefix) {
        int before = app.calls().size();
        int outputsBefore = outputs.values().stream().mapToInt(List::size).sum();
        List<String> ids = publish(n, prefix);
        InProcessSidecar sidecar = startInProcess(config(concurrency, 3, true, false));
        awaitOutputs(ids);
        sidecar.stop();
        long firstCall = app.calls().get(before).atMillis();
        List<ConsumerRecord<byte[], byte[]>> all = KafkaTestSupport.readAll(kafkaQueues().output, outputsBefore + n,
                Duration.ofSeconds(30));
        long lastOutput = all.stream().mapToLong(ConsumerRecord::timestamp).max().orElseThrow();
        return n * 1000.0 / Math.max(1, lastOutput - firstCall);
    }
}
