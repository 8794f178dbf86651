package io.asyncservice.sidecar.kafka;

import io.asyncservice.api.sidecar.QueueRole;
import io.asyncservice.api.v1alpha1.BrokerSpec;
import io.asyncservice.api.v1alpha1.DeliverySpec;
import io.asyncservice.api.v1alpha1.KafkaOrdering;
import io.asyncservice.api.v1alpha1.KafkaSpec;
import io.asyncservice.clients.kafka.KafkaClientConfig;
import io.asyncservice.sidecar.broker.BrokerConnector;
import io.asyncservice.sidecar.broker.MessageSink;
import io.asyncservice.sidecar.broker.MessageSource;
import io.asyncservice.sidecar.broker.SecretSource;
import java.util.Map;
import java.util.Properties;
import java.util.function.UnaryOperator;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.KafkaException;

/**
 * Opens Kafka sources (a consumer group with manual commits) and sinks (idempotent producers). Sinks opened through the
 * same connector share one producer per bootstrap servers and credentials, so use one connector for the whole sidecar.
 */
public final class KafkaConnector implements BrokerConnector {

    private final SharedProducers producers = new SharedProducers(KafkaProducer::new);
    private final UnaryOperator<KafkaSourceSettings> tuning;

    public KafkaConnector() {
        this(UnaryOperator.identity());
    }

    /** For tests: adjusts the source settings derived from the spec (e.g. a shorter revocation wait). */
    KafkaConnector(UnaryOperator<KafkaSourceSettings> tuning) {
        this.tuning = tuning;
    }

    /** A fetch response, and the records waiting for a free slot. */
    @Override
    public long bufferedInputBytes() {
        return KafkaSource.MAX_BUFFERED_BYTES;
    }

    @Override
    public MessageSource openSource(BrokerSpec spec, DeliverySpec delivery, SecretSource secrets) {
        KafkaSpec kafka = kafka(spec, QueueRole.INPUT);
        int concurrency = delivery == null || delivery.getConcurrency() == null ? 1 : delivery.getConcurrency();
        KafkaOrdering ordering = kafka.getOrdering() == null ? KafkaOrdering.PARTITION : kafka.getOrdering();
        Properties props = KafkaClientProperties.consumer(kafka, concurrency, secrets.kafkaProperties(QueueRole.INPUT));
        KafkaSourceSettings settings = tuning.apply(
                KafkaSourceSettings.defaults(ordering, concurrency, KafkaClientProperties.maxPollInterval(props)));
        KafkaConsumer<byte[], byte[]> consumer;
        try {
            consumer = new KafkaConsumer<>(props);
        } catch (KafkaException e) {
            throw new IllegalArgumentException("input.kafka: the Kafka consumer cannot be created: "
                    + KafkaClientConfig.redactedMessage(e, secrets.kafkaProperties(QueueRole.INPUT)));
        }
        return new KafkaSource(consumer, kafka.getTopic(), settings);
    }

    @Override
    public MessageSink openSink(BrokerSpec spec, QueueRole role, SecretSource secrets) {
        KafkaSpec kafka = kafka(spec, role);
        Map<String, String> credentials = secrets.kafkaProperties(role);
        Properties props = KafkaClientProperties.producer(kafka, role, credentials);
        SharedProducers.Lease lease;
        try {
            lease = producers.acquire(new SharedProducers.Key(kafka.getBootstrapServers(), credentials), props);
        } catch (KafkaException e) {
            throw new IllegalArgumentException(role.field() + ".kafka: the Kafka producer cannot be created: "
                    + KafkaClientConfig.redactedMessage(e, credentials));
        }
        return new KafkaSink(kafka.getTopic(), lease);
    }

    /** How many producers the sinks of this connector share. */
    int openProducers() {
        return producers.size();
    }

    private static KafkaSpec kafka(BrokerSpec spec, QueueRole role) {
        if (spec == null || spec.getKafka() == null) {
            throw new IllegalArgumentException(role.field() + ".kafka is required for the Kafka connector");
        }
        return spec.getKafka();
    }
}
