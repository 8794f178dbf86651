package io.asyncservice.sandbox.broker;

import io.asyncservice.testing.EmbeddedKafka;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Kafka: an embedded single-node KRaft cluster, with topics {@code <name>-jobs} ({@value #PARTITIONS} partitions),
 * {@code <name>-results} and {@code <name>-dead-letters}. The request id is the record key and the
 * {@code x-request-id} header.
 */
public final class KafkaSandboxBroker implements SandboxBroker {

    public static final int PARTITIONS = 4;

    private final EmbeddedKafka kafka;
    private final KafkaProducer<String, String> producer;
    private final Map<String, KafkaConsumer<String, String>> readers = new ConcurrentHashMap<>();

    private KafkaSandboxBroker(EmbeddedKafka kafka) {
        this.kafka = kafka;
        Properties props = new Properties();
        props.putAll(kafka.clientProperties());
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        this.producer = new KafkaProducer<>(props);
    }

    public static KafkaSandboxBroker start() {
        return new KafkaSandboxBroker(EmbeddedKafka.start());
    }

    @Override
    public String kind() {
        return "kafka";
    }

    public String bootstrapServers() {
        return kafka.bootstrapServers();
    }

    @Override
    public Map<String, String> provision(String name) {
        kafka.createTopic(name + "-jobs", PARTITIONS);
        kafka.createTopic(name + "-results", 1);
        kafka.createTopic(name + "-dead-letters", 1);
        Map<String, String> values = new HashMap<>(SandboxBroker.common(name));
        values.put("BOOTSTRAP_SERVERS", kafka.bootstrapServers());
        values.put("INPUT_TOPIC", name + "-jobs");
        values.put("OUTPUT_TOPIC", name + "-results");
        values.put("DEAD_LETTER_TOPIC", name + "-dead-letters");
        values.put("CONSUMER_GROUP", name + "-workers");
        return values;
    }

    @Override
    public void send(String name, Map<String, String> bodiesByRequestId) {
        List<java.util.concurrent.Future<?>> sends = new ArrayList<>();
        for (Map.Entry<String, String> m : bodiesByRequestId.entrySet()) {
            ProducerRecord<String, String> record = new ProducerRecord<>(name + "-jobs", m.getKey(), m.getValue());
            record.headers().add("x-request-id", m.getKey().getBytes(StandardCharsets.UTF_8));
            record.headers().add("content-type", "application/json".getBytes(StandardCharsets.UTF_8));
            sends.add(producer.send(record));
        }
        for (java.util.concurrent.Future<?> f : sends) {
            try {
                f.get(60, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            } catch (ExecutionException | TimeoutException e) {
                throw new IllegalStateException("Kafka did not accept a message", e);
            }
        }
    }

    @Override
    public List<BrokerMessage> receive(String name, Duration wait) {
        KafkaConsumer<String, String> reader = readers.computeIfAbsent(name, this::reader);
        List<BrokerMessage> out = new ArrayList<>();
        long deadline = System.nanoTime() + wait.toNanos();
        do {
            for (ConsumerRecord<String, String> r : reader.poll(Duration.ofMillis(200))) {
                out.add(SandboxBroker.parse(r.value(), r.topic().endsWith("-dead-letters")));
            }
        } while (out.isEmpty() && System.nanoTime() < deadline);
        return out;
    }

    private KafkaConsumer<String, String> reader(String name) {
        Properties props = new Properties();
        props.putAll(kafka.clientProperties());
        props.put(ConsumerConfig.GROUP_ID_CONFIG, name + "-sandbox-reader");
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        KafkaConsumer<String, String> consumer = new KafkaConsumer<>(props);
        consumer.subscribe(List.of(name + "-results", name + "-dead-letters"));
        return consumer;
    }

    @Override
    public void deprovision(String name) {
        KafkaConsumer<String, String> reader = readers.remove(name);
        if (reader != null) {
            reader.close();
        }
        for (String suffix : List.of("-jobs", "-results", "-dead-letters")) {
            kafka.deleteTopic(name + suffix);
        }
    }

    /** A broker outage of a few seconds: the embedded broker stops and comes back on its port with its data. */
    @Override
    public void restart() {
        kafka.restartBroker(Duration.ofSeconds(5));
    }

    @Override
    public void close() {
        readers.values().forEach(KafkaConsumer::close);
        producer.close(Duration.ofSeconds(5));
        kafka.close();
    }
}
