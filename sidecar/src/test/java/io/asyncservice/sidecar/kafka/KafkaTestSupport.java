package io.asyncservice.sidecar.kafka;

import io.asyncservice.api.v1alpha1.BrokerSpec;
import io.asyncservice.api.v1alpha1.DeliverySpec;
import io.asyncservice.api.v1alpha1.KafkaOrdering;
import io.asyncservice.api.v1alpha1.KafkaSpec;
import io.asyncservice.testing.EmbeddedKafka;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/** Plain Kafka clients for the tests: produce inputs, read outputs, look at a group's committed offsets. */
final class KafkaTestSupport {

    private KafkaTestSupport() {
    }

    static EmbeddedKafka kafka() {
        return EmbeddedKafka.shared();
    }

    static BrokerSpec input(String topic, String group, KafkaOrdering ordering) {
        KafkaSpec spec = new KafkaSpec();
        spec.setBootstrapServers(kafka().bootstrapServers());
        spec.setTopic(topic);
        spec.setConsumerGroup(group);
        spec.setOrdering(ordering);
        BrokerSpec broker = new BrokerSpec();
        broker.setKafka(spec);
        return broker;
    }

    static BrokerSpec output(String topic) {
        return input(topic, null, null);
    }

    static DeliverySpec concurrency(int n) {
        DeliverySpec delivery = new DeliverySpec();
        delivery.setConcurrency(n);
        return delivery;
    }

    static KafkaProducer<byte[], byte[]> producer() {
        Properties props = new Properties();
        props.putAll(kafka().clientProperties());
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        props.put(ProducerConfig.LINGER_MS_CONFIG, "5");
        return new KafkaProducer<>(props);
    }

    /** Sends {@code count} records with bodies {@code prefix-i} to one partition and waits until all are stored. */
    static void produce(String topic, int partition, String prefix, int count) {
        try (KafkaProducer<byte[], byte[]> producer = producer()) {
            for (int i = 0; i < count; i++) {
                producer.send(new ProducerRecord<>(topic, partition, null, utf8(prefix + "-" + i)));
            }
            producer.flush();
        }
    }

    /** The group's committed offsets by partition number; absent when nothing is committed. */
    static Map<Integer, Long> committed(String group) {
        try {
            Map<TopicPartition, OffsetAndMetadata> offsets = kafka().admin().listConsumerGroupOffsets(group)
                    .partitionsToOffsetAndMetadata().get(10, TimeUnit.SECONDS);
            Map<Integer, Long> byPartition = new HashMap<>();
            offsets.forEach((tp, om) -> {
                if (om != null) {
                    byPartition.put(tp.partition(), om.offset());
                }
            });
            return byPartition;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** Reads a whole topic from the beginning until {@code expected} records arrived or {@code timeout} passed. */
    static List<ConsumerRecord<byte[], byte[]>> readAll(String topic, int expected, Duration timeout) {
        Properties props = new Properties();
        props.putAll(kafka().clientProperties());
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props)) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            long deadline = System.nanoTime() + timeout.toNanos();
            while (records.size() < expected && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
            }
        }
        return records;
    }

    static void deleteGroups(String... groups) {
        kafka().admin().deleteConsumerGroups(List.of(groups));
    }

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    static String text(byte[] b) {
        return b == null ? null : new String(b, StandardCharsets.UTF_8);
    }
}
