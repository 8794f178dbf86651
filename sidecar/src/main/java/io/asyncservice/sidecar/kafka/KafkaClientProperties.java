package io.asyncservice.sidecar.kafka;

import io.asyncservice.api.sidecar.QueueRole;
import io.asyncservice.api.v1alpha1.KafkaSpec;
import io.asyncservice.clients.kafka.KafkaClientConfig;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.CooperativeStickyAssignor;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds the consumer and producer configurations: our defaults, then every property of the role's credentials Secret
 * (security.protocol, sasl.*, ssl.*, or any tuning such as max.poll.interval.ms) and the bootstrap servers, as the scaler
 * does ({@link KafkaClientConfig#base}), then the settings the delivery guarantees rest on, which a Secret cannot
 * override. Property values are never logged, only names.
 */
final class KafkaClientProperties {

    private static final Logger log = LoggerFactory.getLogger(KafkaClientProperties.class);
    private static final long DEFAULT_MAX_POLL_INTERVAL_MS = 300_000;
    static final int FETCH_MAX_BYTES = 4 * 1024 * 1024;

    private KafkaClientProperties() {
    }

    /** The consumer of an input: manual commits only, from the earliest offset when the group has none. */
    static Properties consumer(KafkaSpec spec, int concurrency, Map<String, String> secretProperties) {
        String field = QueueRole.INPUT.field() + ".kafka";
        require(spec.getBootstrapServers(), field + ".bootstrapServers");
        require(spec.getTopic(), field + ".topic");
        require(spec.getConsumerGroup(), field + ".consumerGroup");

        Map<String, String> defaults = new HashMap<>();
        // A crashed sidecar's partitions move after this long (Kafka's default is 45 s); heartbeats come every 3 s.
        defaults.put(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, "10000");
        defaults.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, String.valueOf(Math.min(500, Math.max(4 * concurrency, 256))));
        // One fetch response holds at most this much (Kafka's default is 50 MiB, most of the default sidecar heap).
        // A Secret may set it higher for a larger memory limit.
        defaults.put(ConsumerConfig.FETCH_MAX_BYTES_CONFIG, String.valueOf(FETCH_MAX_BYTES));
        if (!"consumer".equalsIgnoreCase(secretProperties.get(ConsumerConfig.GROUP_PROTOCOL_CONFIG))) {
            // Cooperative rebalancing revokes only the partitions that move, so scaling out does not interrupt the rest.
            defaults.put(ConsumerConfig.PARTITION_ASSIGNMENT_STRATEGY_CONFIG, CooperativeStickyAssignor.class.getName());
        }
        Properties props = KafkaClientConfig.base(defaults, secretProperties, spec.getBootstrapServers());
        enforce(props, field, Map.of(
                ConsumerConfig.GROUP_ID_CONFIG, spec.getConsumerGroup(),
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false",
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName(),
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName()));
        return props;
    }

    /** The producer of an output or dead letter: idempotent, acknowledged by all in-sync replicas. */
    static Properties producer(KafkaSpec spec, QueueRole role, Map<String, String> secretProperties) {
        String field = role.field() + ".kafka";
        require(spec.getBootstrapServers(), field + ".bootstrapServers");
        require(spec.getTopic(), field + ".topic");

        // No linger timer: a record goes out at once, and while a produce request is under way the records behind it
        // gather into the next one, which goes out when it returns (batches that adapt to the load).
        Map<String, String> defaults = Map.of(
                ProducerConfig.LINGER_MS_CONFIG, "0",
                ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, "1",
                ProducerConfig.MAX_BLOCK_MS_CONFIG, "30000");
        Properties props = KafkaClientConfig.base(defaults, secretProperties, spec.getBootstrapServers());
        enforce(props, field, Map.of(
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true",
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName(),
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName()));
        return props;
    }

    /** The consumer's max.poll.interval.ms, as configured or Kafka's default. */
    static Duration maxPollInterval(Properties consumerProps) {
        Object value = consumerProps.get(ConsumerConfig.MAX_POLL_INTERVAL_MS_CONFIG);
        if (value == null) {
            return Duration.ofMillis(DEFAULT_MAX_POLL_INTERVAL_MS);
        }
        try {
            return Duration.ofMillis(Long.parseLong(value.toString().trim()));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("max.poll.interval.ms in the Kafka credentials Secret is not a number of milliseconds");
        }
    }

    private static void enforce(Properties props, String field, Map<String, String> required) {
        required.forEach((key, value) -> {
            Object previous = props.put(key, value);
            if (previous != null && !previous.toString().trim().equalsIgnoreCase(value)) {
                log.warn("kafka {}: property {} from the credentials Secret is ignored; the sidecar's delivery guarantees need "
                        + "its own value", field, key);
            }
        });
    }

    private static void require(String value, String field) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(field + " is required");
        }
    }
}
