package io.asyncservice.operator.scaling.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.asyncservice.api.v1alpha1.KafkaSpec;
import io.asyncservice.operator.scaling.Backlog;
import io.asyncservice.operator.scaling.BacklogReadException;
import io.asyncservice.operator.scaling.ClientPool;
import io.asyncservice.operator.scaling.TestingSecretReader;
import io.asyncservice.testing.EmbeddedKafka;
import io.asyncservice.testing.FreePorts;
import io.asyncservice.testing.UniqueNames;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.RecordsToDelete;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Against a real KRaft broker: the group's lag over the topic's partitions, and the partition count. */
class KafkaBacklogReaderIT {

    private static final String NS = "team-a";
    private static final Duration TIMEOUT = Duration.ofSeconds(5);

    private final EmbeddedKafka kafka = EmbeddedKafka.shared();
    private final ClientPool pool = new ClientPool();
    private String topic;
    private String group;

    @BeforeEach
    void createTopic() {
        topic = UniqueNames.of("it-kafka-backlog");
        group = UniqueNames.of("it-group");
        kafka.createTopic(topic, 3);
    }

    @AfterEach
    void cleanUp() {
        pool.close();
        kafka.deleteTopic(topic);
    }

    @Test
    void sumsTheLagAndCountsUncommittedPartitionsFromTheirEarliestOffset() throws Exception {
        produce(0, 10);
        produce(1, 5);
        produce(2, 4);
        kafka.admin().deleteRecords(Map.of(new TopicPartition(topic, 2), RecordsToDelete.beforeOffset(3)))
                .all().get(10, TimeUnit.SECONDS);
        kafka.admin().alterConsumerGroupOffsets(group, Map.of(new TopicPartition(topic, 0), new OffsetAndMetadata(4)))
                .all().get(10, TimeUnit.SECONDS);

        try (KafkaBacklogReader reader = KafkaBacklogReader.open(NS, spec(kafka.bootstrapServers()), new TestingSecretReader(), pool, TIMEOUT)) {
            Backlog backlog = reader.read();
            // p0: 10 - 4 committed; p1: 5 - 0 (never committed, earliest 0); p2: 4 - 3 (never committed, earliest 3)
            assertThat(backlog.messages()).isEqualTo(6 + 5 + 1);
            assertThat(backlog.partitionCount()).hasValue(3);
        }
    }

    @Test
    void aGroupThatCommittedEverythingHasNoBacklog() throws Exception {
        produce(1, 3);
        kafka.admin().alterConsumerGroupOffsets(group, Map.of(new TopicPartition(topic, 1), new OffsetAndMetadata(3)))
                .all().get(10, TimeUnit.SECONDS);
        try (KafkaBacklogReader reader = KafkaBacklogReader.open(NS, spec(kafka.bootstrapServers()), new TestingSecretReader(), pool, TIMEOUT)) {
            assertThat(reader.read().messages()).isZero();
        }
    }

    @Test
    void aMissingTopicIsQueueNotFound() throws Exception {
        KafkaSpec spec = spec(kafka.bootstrapServers());
        spec.setTopic(UniqueNames.of("missing"));
        try (KafkaBacklogReader reader = KafkaBacklogReader.open(NS, spec, new TestingSecretReader(), pool, TIMEOUT)) {
            assertThatThrownBy(reader::read).isInstanceOfSatisfying(BacklogReadException.class,
                    e -> assertThat(e.reason()).isEqualTo(BacklogReadException.QUEUE_NOT_FOUND));
        }
    }

    @Test
    void anUnreachableBrokerTimesOutWithinTheCallTimeout() throws Exception {
        Duration shortTimeout = Duration.ofSeconds(1);
        try (KafkaBacklogReader reader = KafkaBacklogReader.open(NS, spec("127.0.0.1:" + FreePorts.find()), new TestingSecretReader(),
                pool, shortTimeout)) {
            assertThatThrownBy(reader::read).isInstanceOfSatisfying(BacklogReadException.class,
                    e -> assertThat(e.reason()).isEqualTo(BacklogReadException.TIMEOUT));
        }
    }

    private void produce(int partition, int count) {
        Map<String, Object> props = new HashMap<>(kafka.clientProperties());
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(props)) {
            for (int i = 0; i < count; i++) {
                producer.send(new ProducerRecord<>(topic, partition, null, "m" + i));
            }
            producer.flush();
        }
    }

    private KafkaSpec spec(String bootstrap) {
        KafkaSpec spec = new KafkaSpec();
        spec.setBootstrapServers(bootstrap);
        spec.setTopic(topic);
        spec.setConsumerGroup(group);
        return spec;
    }
}
