package io.asyncservice.operator.scaling.e2e;

import static io.asyncservice.operator.TestAsyncServiceBuilder.asyncService;
import static io.asyncservice.operator.TestAsyncServiceBuilder.clusterAutoscaling;
import static io.asyncservice.operator.TestAsyncServiceBuilder.kafka;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.asyncservice.api.v1alpha1.AsyncService;
import io.asyncservice.api.v1alpha1.KafkaSpec;
import io.asyncservice.operator.cluster.TestNamespace;
import io.asyncservice.testing.EmbeddedKafka;
import io.asyncservice.testing.FreePorts;
import io.asyncservice.testing.UniqueNames;
import io.fabric8.kubernetes.api.model.Event;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.concurrent.Future;
import org.apache.kafka.clients.producer.RecordMetadata;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The scaler on a real API server against a real KRaft Kafka: the group's lag, capped at the partition count. */
class ScalerKafkaIT {

    private static final Duration AWAIT = Duration.ofSeconds(30);
    private static final int PARTITIONS = 4;

    private static ScalerCluster cluster;
    private static final EmbeddedKafka kafka = EmbeddedKafka.shared();

    private TestNamespace ns;

    @BeforeAll
    static void start() {
        cluster = ScalerCluster.start();
    }

    @AfterAll
    static void stop() {
        if (cluster != null) {
            cluster.close();
        }
    }

    @BeforeEach
    void namespace() {
        ns = cluster.namespace("scaler-kafka");
    }

    @AfterEach
    void deleteNamespace() {
        if (ns != null) {
            ns.close();
        }
    }

    @Test
    void followsTheLagUpAndDownAndStopsAtThePartitionCount() throws Exception {
        String topic = UniqueNames.of("it-scaler");
        String group = UniqueNames.of("it-workers");
        kafka.createTopic(topic, PARTITIONS);
        try {
            cluster.create(service("jobs", kafka.bootstrapServers(), topic, group), Map.of());
            await().atMost(AWAIT).until(() -> Integer.valueOf(0).equals(cluster.replicas(ns.name(), "jobs")));

            long[] ends = produce(topic, 25);
            await().atMost(AWAIT).until(() -> Integer.valueOf(3).equals(cluster.replicas(ns.name(), "jobs")));
            await().atMost(AWAIT).untilAsserted(() -> assertThat(cluster.events(ns.name(), "jobs", "Scaled")).extracting(Event::getMessage)
                    .anyMatch(m -> m.matches("Scaled from [0-2] to 3: backlog 2[1-5], target 10 per replica")));

            // Consumed but two not yet committed (partition 0 is two behind): the lag keeps a replica.
            Map<TopicPartition, OffsetAndMetadata> almost = new HashMap<>();
            for (int p = 0; p < PARTITIONS; p++) {
                almost.put(new TopicPartition(topic, p), new OffsetAndMetadata(p == 0 ? ends[p] - 2 : ends[p]));
            }
            commit(group, almost);
            await().atMost(AWAIT).until(() -> Integer.valueOf(1).equals(cluster.replicas(ns.name(), "jobs")));
            await().during(Duration.ofSeconds(3)).atMost(AWAIT).until(() -> Integer.valueOf(1).equals(cluster.replicas(ns.name(), "jobs")));

            commit(group, Map.of(new TopicPartition(topic, 0), new OffsetAndMetadata(ends[0])));
            await().atMost(AWAIT).until(() -> Integer.valueOf(0).equals(cluster.replicas(ns.name(), "jobs")));

            produce(topic, 1_000);
            await().atMost(AWAIT).until(() -> Long.valueOf(1_000).equals(cluster.get(ns.name(), "jobs").getStatus().getBacklog()));
            await().during(Duration.ofSeconds(2)).atMost(AWAIT).until(() -> Integer.valueOf(PARTITIONS).equals(cluster.replicas(ns.name(), "jobs")));
            assertThat(cluster.get(ns.name(), "jobs").getStatus().getDesiredReplicas()).isEqualTo(PARTITIONS);
        } finally {
            kafka.deleteTopic(topic);
        }
    }

    @Test
    void anUnreachableBrokerLeavesTheReplicasAloneAndSaysWhy() {
        cluster.create(service("stranded", "127.0.0.1:" + FreePorts.find(), "jobs", "workers"), Map.of());
        await().atMost(AWAIT).until(() -> cluster.replicas(ns.name(), "stranded") != null);
        cluster.setReplicas(ns.name(), "stranded", 2);

        await().atMost(AWAIT).untilAsserted(() -> assertThat(cluster.backlogAvailable(ns.name(), "stranded")).hasValueSatisfying(c -> {
            assertThat(c.getStatus()).isEqualTo("False");
            assertThat(c.getReason()).isEqualTo("Timeout");
        }));
        await().atMost(AWAIT).untilAsserted(() -> assertThat(cluster.events(ns.name(), "stranded", "BacklogUnavailable")).singleElement()
                .satisfies(e -> assertThat(e.getType()).isEqualTo("Warning")));
        assertThat(cluster.replicas(ns.name(), "stranded")).isEqualTo(2);
    }

    /** Sends {@code count} messages round-robin over the partitions; returns each partition's end offset. */
    private static long[] produce(String topic, int count) throws Exception {
        Map<String, Object> props = new HashMap<>(kafka.clientProperties());
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        props.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        List<Future<RecordMetadata>> sent = new ArrayList<>();
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(props)) {
            for (int i = 0; i < count; i++) {
                sent.add(producer.send(new ProducerRecord<>(topic, i % PARTITIONS, null, "job " + i)));
            }
            producer.flush();
        }
        long[] ends = new long[PARTITIONS];
        for (Future<RecordMetadata> f : sent) {
            RecordMetadata m = f.get(10, TimeUnit.SECONDS);
            ends[m.partition()] = Math.max(ends[m.partition()], m.offset() + 1);
        }
        return ends;
    }

    private static void commit(String group, Map<TopicPartition, OffsetAndMetadata> offsets) throws Exception {
        kafka.admin().alterConsumerGroupOffsets(group, offsets).all().get(10, TimeUnit.SECONDS);
    }

    private AsyncService service(String name, String bootstrap, String topic, String group) {
        KafkaSpec in = new KafkaSpec();
        in.setBootstrapServers(bootstrap);
        in.setTopic(topic);
        in.setConsumerGroup(group);
        KafkaSpec out = new KafkaSpec();
        out.setBootstrapServers(bootstrap);
        out.setTopic(topic + "-results");
        return asyncService(ns.name(), name).workerApp().input(kafka(in)).output(kafka(out))
                .autoscaling(clusterAutoscaling()).build();
    }
}
