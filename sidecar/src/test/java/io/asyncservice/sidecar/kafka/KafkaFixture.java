package io.asyncservice.sidecar.kafka;

import io.asyncservice.api.v1alpha1.BrokerSpec;
import io.asyncservice.api.v1alpha1.KafkaOrdering;
import io.asyncservice.api.v1alpha1.KafkaSpec;
import io.asyncservice.sidecar.config.EnvSecretSource;
import io.asyncservice.sidecar.testing.BrokerFixture;
import io.asyncservice.testing.EmbeddedKafka;
import io.asyncservice.testing.UniqueNames;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * The embedded KRaft Kafka as a {@link BrokerFixture}: an input topic of 3 partitions read with {@code unordered}
 * ordering (the contract tests run several messages in parallel), output and dead-letter topics of one partition. The
 * lease of the contract is {@code max.poll.interval.ms}: the sidecar gets it (and a short session timeout, so that a
 * restarted process gets the partitions of a killed one quickly) through Kafka property files, as the operator would
 * mount a credentials Secret.
 */
public final class KafkaFixture implements BrokerFixture {

    static final int INPUT_PARTITIONS = 3;
    /**
     * The smallest output limit the fixture sets: twice the producer's default {@code batch.size} (16 KiB). Below
     * {@code batch.size}, a batch of small records can be over the limit; the producer answers the broker's
     * MESSAGE_TOO_LARGE by splitting the batch into batches of {@code batch.size}, i.e. into the same batch again, and
     * retries that forever (seen with Kafka 4.1). Above it, only a record larger than the limit, which always travels in
     * a batch of its own, is refused.
     */
    public static final int MIN_OUTPUT_LIMIT = 32 * 1024;

    private final EmbeddedKafka kafka = EmbeddedKafka.shared();
    private final KafkaOrdering ordering;

    public KafkaFixture() {
        this(KafkaOrdering.UNORDERED);
    }

    public KafkaFixture(KafkaOrdering ordering) {
        this.ordering = ordering;
    }

    @Override
    public String name() {
        return "kafka";
    }

    /** A Kafka offset does not count deliveries. */
    @Override
    public boolean countsRedeliveries() {
        return false;
    }

    @Override
    public KafkaQueues createQueues(Duration lease) {
        return new KafkaQueues(kafka, ordering, lease, Map.of());
    }

    /**
     * The output topic gets {@code max.message.bytes = maxOutputBytes}: the broker refuses a record batch over it, the
     * record's key, value and headers plus some 100 bytes of batch and record framing. At least {@link #MIN_OUTPUT_LIMIT}.
     */
    @Override
    public Optional<LimitedQueues> createQueuesWithOutputLimit(Duration lease, int maxOutputBytes) {
        if (maxOutputBytes < MIN_OUTPUT_LIMIT) {
            throw new IllegalArgumentException("an output limit under " + MIN_OUTPUT_LIMIT + " bytes makes the producer split "
                    + "and retry batches of small records forever; see MIN_OUTPUT_LIMIT");
        }
        return Optional.of(new LimitedQueues(new KafkaQueues(kafka, ordering, lease,
                Map.of(TopicConfig.MAX_MESSAGE_BYTES_CONFIG, Integer.toString(maxOutputBytes))), maxOutputBytes));
    }

    /** One test's topics and consumer group. */
    public static final class KafkaQueues implements Queues {

        private final EmbeddedKafka kafka;
        private final KafkaOrdering ordering;
        final String input = UniqueNames.of("it-in");
        final String output = UniqueNames.of("it-out");
        final String deadLetter = UniqueNames.of("it-dlq");
        final String group = UniqueNames.of("it-group");
        private final Path propertiesDir;
        private final KafkaProducer<byte[], byte[]> producer;
        private final KafkaConsumer<byte[], byte[]> outputReader;
        private final KafkaConsumer<byte[], byte[]> deadLetterReader;

        /** {@code outputConfig}: topic configs of the output, e.g. max.message.bytes. */
        KafkaQueues(EmbeddedKafka kafka, KafkaOrdering ordering, Duration lease, Map<String, String> outputConfig) {
            this.kafka = kafka;
            this.ordering = ordering;
            kafka.createTopic(input, INPUT_PARTITIONS);
            createTopic(kafka, new NewTopic(output, 1, (short) 1).configs(outputConfig));
            kafka.createTopic(deadLetter, 1);
            this.propertiesDir = writeInputProperties(Map.of(
                    "max.poll.interval.ms", Long.toString(lease.toMillis()),
                    "session.timeout.ms", "6000",
                    "heartbeat.interval.ms", "500"));
            this.producer = KafkaTestSupport.producer();
            this.outputReader = reader(output);
            this.deadLetterReader = reader(deadLetter);
        }

        private static void createTopic(EmbeddedKafka kafka, NewTopic topic) {
            try {
                kafka.admin().createTopics(List.of(topic)).all().get(30, TimeUnit.SECONDS);
            } catch (Exception e) {
                throw new IllegalStateException("could not create topic " + topic.name(), e);
            }
        }

        private static Path writeInputProperties(Map<String, String> properties) {
            try {
                Path root = Files.createTempDirectory("kafka-properties");
                Path dir = Files.createDirectories(root.resolve("input"));
                for (Map.Entry<String, String> p : properties.entrySet()) {
                    Files.writeString(dir.resolve(p.getKey()), p.getValue() + "\n");
                }
                return root;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        private KafkaConsumer<byte[], byte[]> reader(String topic) {
            Properties props = new Properties();
            props.putAll(kafka.clientProperties());
            props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
            props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
            KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props);
            TopicPartition tp = new TopicPartition(topic, 0);
            consumer.assign(List.of(tp));
            consumer.seekToBeginning(List.of(tp));
            return consumer;
        }

        @Override
        public BrokerSpec input() {
            BrokerSpec spec = spec(input);
            spec.getKafka().setConsumerGroup(group);
            spec.getKafka().setOrdering(ordering);
            return spec;
        }

        @Override
        public BrokerSpec output() {
            return spec(output);
        }

        @Override
        public BrokerSpec deadLetter() {
            return spec(deadLetter);
        }

        private BrokerSpec spec(String topic) {
            KafkaSpec kafkaSpec = new KafkaSpec();
            kafkaSpec.setBootstrapServers(kafka.bootstrapServers());
            kafkaSpec.setTopic(topic);
            BrokerSpec spec = new BrokerSpec();
            spec.setKafka(kafkaSpec);
            return spec;
        }

        @Override
        public Map<String, String> sidecarEnv() {
            return Map.of(EnvSecretSource.KAFKA_PROPERTIES_DIR_ENV, propertiesDir.toString());
        }

        /** The request id travels as the record key (the adapter's fallback when there is no x-request-id header). */
        @Override
        public void publish(List<TestMessage> messages) {
            try {
                List<java.util.concurrent.Future<?>> sent = new ArrayList<>();
                for (TestMessage m : messages) {
                    RecordHeaders headers = new RecordHeaders();
                    if (m.contentType() != null) {
                        headers.add("content-type", KafkaTestSupport.utf8(m.contentType()));
                    }
                    sent.add(producer.send(new ProducerRecord<>(input, null, KafkaTestSupport.utf8(m.requestId()),
                            KafkaTestSupport.utf8(m.body()), headers)));
                }
                for (java.util.concurrent.Future<?> f : sent) {
                    f.get(30, TimeUnit.SECONDS);
                }
            } catch (Exception e) {
                throw new IllegalStateException("could not publish to " + input, e);
            }
        }

        @Override
        public synchronized List<ReceivedMessage> takeOutputs(Duration maxWait) {
            return take(outputReader, maxWait);
        }

        @Override
        public synchronized List<ReceivedMessage> takeDeadLetters(Duration maxWait) {
            return take(deadLetterReader, maxWait);
        }

        private static List<ReceivedMessage> take(KafkaConsumer<byte[], byte[]> reader, Duration maxWait) {
            List<ReceivedMessage> taken = new ArrayList<>();
            long deadline = System.nanoTime() + maxWait.toNanos();
            do {
                for (ConsumerRecord<byte[], byte[]> r : reader.poll(Duration.ofMillis(50))) {
                    taken.add(new ReceivedMessage(KafkaTestSupport.text(r.key()), r.value(), KafkaRecords.headers(r.headers())));
                }
            } while (taken.isEmpty() && System.nanoTime() < deadline);
            // Drain what has arrived already without waiting further.
            List<ConsumerRecord<byte[], byte[]>> more = new ArrayList<>();
            reader.poll(Duration.ZERO).forEach(more::add);
            more.forEach(r -> taken.add(new ReceivedMessage(KafkaTestSupport.text(r.key()), r.value(),
                    KafkaRecords.headers(r.headers()))));
            return taken;
        }

        /** Kafka counts no deliveries: an offset is read again, never "delivered" a second time. Nothing to do. */
        @Override
        public void bounceInputs(int times) {
        }

        /** Σ over the input's partitions of (end offset − the group's committed offset, or the earliest offset). */
        @Override
        public InputBacklog inputBacklog() {
            try {
                Map<TopicPartition, OffsetAndMetadata> committed = kafka.admin().listConsumerGroupOffsets(group)
                        .partitionsToOffsetAndMetadata().get(10, TimeUnit.SECONDS);
                Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
                Map<TopicPartition, OffsetSpec> earliest = new HashMap<>();
                for (int p = 0; p < INPUT_PARTITIONS; p++) {
                    latest.put(new TopicPartition(input, p), OffsetSpec.latest());
                    earliest.put(new TopicPartition(input, p), OffsetSpec.earliest());
                }
                Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> ends =
                        kafka.admin().listOffsets(latest).all().get(10, TimeUnit.SECONDS);
                Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> starts =
                        kafka.admin().listOffsets(earliest).all().get(10, TimeUnit.SECONDS);
                long waiting = 0;
                for (TopicPartition tp : latest.keySet()) {
                    OffsetAndMetadata c = committed.get(tp);
                    long from = c != null ? c.offset() : starts.get(tp).offset();
                    waiting += ends.get(tp).offset() - from;
                }
                return new InputBacklog(waiting, 0);
            } catch (Exception e) {
                throw new IllegalStateException("could not read the backlog of " + input, e);
            }
        }

        @Override
        public void close() {
            producer.close(Duration.ofSeconds(5));
            synchronized (this) {
                outputReader.close(Duration.ofSeconds(5));
                deadLetterReader.close(Duration.ofSeconds(5));
            }
            kafka.admin().deleteConsumerGroups(List.of(group));
            kafka.admin().deleteTopics(List.of(input, output, deadLetter));
            try (Stream<Path> files = Files.walk(propertiesDir)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            } catch (IOException e) {
                System.err.println("could not delete " + propertiesDir + ": " + e);
            }
        }
    }
}
