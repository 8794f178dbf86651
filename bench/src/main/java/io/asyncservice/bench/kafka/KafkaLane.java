package io.asyncservice.bench.kafka;

import io.asyncservice.api.v1alpha1.BrokerSpec;
import io.asyncservice.api.v1alpha1.KafkaOrdering;
import io.asyncservice.api.v1alpha1.KafkaSpec;
import io.asyncservice.bench.broker.Lane;
import io.asyncservice.bench.broker.Rate;
import io.asyncservice.bench.broker.RateClock;
import io.asyncservice.testing.EmbeddedKafka;
import io.asyncservice.testing.UniqueNames;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * An input topic of {@link #INPUT_PARTITIONS} partitions, read by the sidecar with {@code unordered} ordering (so its
 * concurrency is not capped at one per partition), and an output topic of one partition. The broker limit is one
 * consumer with {@code max.poll.records} = the concurrency, committing synchronously after each poll: at most
 * {@code c} records unacknowledged, as in the sidecar. The producers are idempotent with {@code acks=all}, as the
 * sidecar's.
 */
final class KafkaLane implements Lane {

    static final int INPUT_PARTITIONS = 3;

    private final EmbeddedKafka kafka;
    private final String input = UniqueNames.of("bench-in");
    private final String output = UniqueNames.of("bench-out");
    private final String deadLetter = UniqueNames.of("bench-dlq");
    private final String sidecarGroup = UniqueNames.of("bench-sidecar");
    /** The group whose backlog {@link #inputBacklog()} reports: the sidecar's, or the plain client's or relay's after it ran. */
    private String countedGroup = sidecarGroup;
    private final KafkaProducer<byte[], byte[]> producer;
    private KafkaConsumer<byte[], byte[]> relayConsumer;
    private KafkaConsumer<byte[], byte[]> outputReader;
    private final List<ConsumerRecord<byte[], byte[]>> outputBuffer = new ArrayList<>();

    KafkaLane(EmbeddedKafka kafka) {
        this.kafka = kafka;
        kafka.createTopic(input, INPUT_PARTITIONS);
        kafka.createTopic(output, 1);
        kafka.createTopic(deadLetter, 1);
        Properties p = new Properties();
        p.putAll(kafka.clientProperties());
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        p.put(ProducerConfig.LINGER_MS_CONFIG, "0");
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        this.producer = new KafkaProducer<>(p);
    }

    @Override
    public BrokerSpec input() {
        BrokerSpec spec = spec(input);
        spec.getKafka().setConsumerGroup(sidecarGroup);
        spec.getKafka().setOrdering(KafkaOrdering.UNORDERED);
        return spec;
    }

    @Override
    public BrokerSpec output() {
        return spec(output);
    }

    /** A Kafka input needs an output or a dead letter: the run without output gets a dead letter that stays empty. */
    @Override
    public BrokerSpec deadLetterWithoutOutput() {
        return spec(deadLetter);
    }

    private BrokerSpec spec(String topic) {
        KafkaSpec k = new KafkaSpec();
        k.setBootstrapServers(kafka.bootstrapServers());
        k.setTopic(topic);
        BrokerSpec b = new BrokerSpec();
        b.setKafka(k);
        return b;
    }

    @Override
    public Map<String, String> sidecarEnv() {
        return Map.of();
    }

    @Override
    public void publish(int count, String requestIdPrefix) {
        List<Future<?>> sent = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            ProducerRecord<byte[], byte[]> r = new ProducerRecord<>(input, bytes(requestIdPrefix + i),
                    bytes("{\"i\":" + i + "}"));
            r.headers().add("x-request-id", bytes(requestIdPrefix + i));
            r.headers().add("content-type", bytes("application/json"));
            sent.add(producer.send(r));
        }
        producer.flush();
        for (Future<?> f : sent) {
            try {
                f.get(30, TimeUnit.SECONDS);
            } catch (Exception e) {
                throw new IllegalStateException("Kafka did not accept a message", e);
            }
        }
    }

    private KafkaConsumer<byte[], byte[]> consumer(String group, int maxPollRecords) {
        Properties p = new Properties();
        p.putAll(kafka.clientProperties());
        p.put(ConsumerConfig.GROUP_ID_CONFIG, group);
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, Integer.toString(maxPollRecords));
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        return new KafkaConsumer<>(p);
    }

    @Override
    public Rate consumeAndAck(int concurrency, int count, Duration timeout) {
        RateClock clock = new RateClock();
        long deadline = System.nanoTime() + timeout.toNanos();
        countedGroup = UniqueNames.of("bench-limit");
        try (KafkaConsumer<byte[], byte[]> consumer = consumer(countedGroup, concurrency)) {
            consumer.subscribe(List.of(input));
            while (clock.count() < count && System.nanoTime() < deadline) {
                ConsumerRecords<byte[], byte[]> records = consumer.poll(Duration.ofMillis(200));
                if (records.isEmpty()) {
                    continue;
                }
                consumer.commitSync(nextOffsets(records));
                clock.add(records.count());
            }
        }
        return clock.rate();
    }

    private static Map<TopicPartition, OffsetAndMetadata> nextOffsets(ConsumerRecords<byte[], byte[]> records) {
        return records.partitions().stream().collect(Collectors.toMap(tp -> tp, tp -> {
            List<ConsumerRecord<byte[], byte[]>> list = records.records(tp);
            return new OffsetAndMetadata(list.get(list.size() - 1).offset() + 1);
        }));
    }

    @Override
    public boolean relayOne(Duration timeout, Runnable handle) {
        if (relayConsumer == null) {
            countedGroup = UniqueNames.of("bench-relay");
            relayConsumer = consumer(countedGroup, 1);
            relayConsumer.subscribe(List.of(input));
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            ConsumerRecords<byte[], byte[]> records = relayConsumer.poll(Duration.ofMillis(100));
            for (ConsumerRecord<byte[], byte[]> r : records) {
                handle.run();
                try {
                    producer.send(new ProducerRecord<>(output, null, r.key(), r.value(), r.headers())).get(30, TimeUnit.SECONDS);
                } catch (Exception e) {
                    throw new IllegalStateException("Kafka did not accept the output", e);
                }
                relayConsumer.commitSync(nextOffsets(records));
                return true;
            }
        }
        return false;
    }

    @Override
    public boolean takeOutput(Duration timeout) {
        if (outputReader == null) {
            outputReader = consumer(UniqueNames.of("bench-reader"), 500);
            TopicPartition tp = new TopicPartition(output, 0);
            outputReader.assign(List.of(tp));
            outputReader.seekToBeginning(List.of(tp));
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        while (outputBuffer.isEmpty() && System.nanoTime() < deadline) {
            outputReader.poll(Duration.ofMillis(100)).forEach(outputBuffer::add);
        }
        if (outputBuffer.isEmpty()) {
            return false;
        }
        outputBuffer.remove(0);
        return true;
    }

    @Override
    public long outputCount() {
        TopicPartition tp = new TopicPartition(output, 0);
        try {
            return kafka.admin().listOffsets(Map.of(tp, OffsetSpec.latest())).partitionResult(tp).get(10, TimeUnit.SECONDS)
                    .offset();
        } catch (Exception e) {
            throw new IllegalStateException("cannot read the output's end offset", e);
        }
    }

    /**
     * End offsets minus the committed offsets of the group that consumed (the sidecar's, or the plain client's after
     * {@link #consumeAndAck}); a partition without a commit counts from 0.
     */
    @Override
    public long inputBacklog() {
        try {
            List<TopicPartition> partitions = new ArrayList<>();
            for (int p = 0; p < INPUT_PARTITIONS; p++) {
                partitions.add(new TopicPartition(input, p));
            }
            var ends = kafka.admin().listOffsets(partitions.stream().collect(Collectors.toMap(tp -> tp,
                    tp -> OffsetSpec.latest()))).all().get(10, TimeUnit.SECONDS);
            Map<TopicPartition, OffsetAndMetadata> committed = kafka.admin().listConsumerGroupOffsets(countedGroup)
                    .partitionsToOffsetAndMetadata().get(10, TimeUnit.SECONDS);
            long backlog = 0;
            for (TopicPartition tp : partitions) {
                OffsetAndMetadata c = committed.get(tp);
                backlog += ends.get(tp).offset() - (c == null ? 0 : c.offset());
            }
            return backlog;
        } catch (Exception e) {
            throw new IllegalStateException("cannot read the input's backlog", e);
        }
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(5));
        if (relayConsumer != null) {
            relayConsumer.close(Duration.ofSeconds(5));
        }
        if (outputReader != null) {
            outputReader.close(Duration.ofSeconds(5));
        }
        for (String topic : List.of(input, output, deadLetter)) {
            kafka.deleteTopic(topic);
        }
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
