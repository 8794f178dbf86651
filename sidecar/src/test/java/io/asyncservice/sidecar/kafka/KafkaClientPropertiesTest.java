package io.asyncservice.sidecar.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.asyncservice.api.sidecar.QueueRole;
import io.asyncservice.api.v1alpha1.KafkaSpec;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;

class KafkaClientPropertiesTest {

    private static KafkaSpec spec(String group) {
        KafkaSpec spec = new KafkaSpec();
        spec.setBootstrapServers("broker:9092");
        spec.setTopic("orders");
        spec.setConsumerGroup(group);
        return spec;
    }

    private static final Map<String, String> SASL = Map.of(
            "security.protocol", "SASL_SSL",
            "sasl.mechanism", "PLAIN",
            "sasl.jaas.config", "org.apache.kafka.common.security.plain.PlainLoginModule required username=\"u\" password=\"s3cr3t-pw\";");

    @Test
    void theConsumerCommitsManuallyFromTheEarliestOffsetWithTheSecretsSettings() {
        Properties props = KafkaClientProperties.consumer(spec("workers"), 4, SASL);
        assertThat(props)
                .containsEntry("bootstrap.servers", "broker:9092")
                .containsEntry("group.id", "workers")
                .containsEntry("enable.auto.commit", "false")
                .containsEntry("auto.offset.reset", "earliest")
                .containsEntry("session.timeout.ms", "10000")
                .containsEntry("security.protocol", "SASL_SSL")
                .containsEntry("sasl.mechanism", "PLAIN")
                .containsEntry("sasl.jaas.config", SASL.get("sasl.jaas.config"))
                .containsEntry("partition.assignment.strategy", "org.apache.kafka.clients.consumer.CooperativeStickyAssignor");
    }

    @Test
    void aSecretCannotTurnOffTheGuaranteesButMayTuneTheRest() {
        Properties consumer = KafkaClientProperties.consumer(spec("workers"), 1, Map.of(
                "enable.auto.commit", "true", "group.id", "other", "auto.offset.reset", "latest", "max.poll.interval.ms", "5000"));
        assertThat(consumer)
                .containsEntry("enable.auto.commit", "false")
                .containsEntry("group.id", "workers")
                .containsEntry("auto.offset.reset", "earliest")
                .containsEntry("max.poll.interval.ms", "5000");
        assertThat(KafkaClientProperties.maxPollInterval(consumer)).isEqualTo(Duration.ofSeconds(5));

        Properties producer = KafkaClientProperties.producer(spec(null), QueueRole.OUTPUT, Map.of(
                "acks", "1", "enable.idempotence", "false", "linger.ms", "20"));
        assertThat(producer)
                .containsEntry("acks", "all")
                .containsEntry("enable.idempotence", "true")
                .containsEntry("linger.ms", "20")
                .containsEntry("bootstrap.servers", "broker:9092");
    }

    @Test
    void theProducerBatchesOnlyWhatGathersWhileAProduceIsUnderWay() {
        Properties producer = KafkaClientProperties.producer(spec(null), QueueRole.OUTPUT, Map.of());
        assertThat(producer)
                .containsEntry("linger.ms", "0")
                .containsEntry("max.in.flight.requests.per.connection", "1");
    }

    @Test
    void theNewGroupProtocolGetsNoClassicAssignor() {
        Properties props = KafkaClientProperties.consumer(spec("workers"), 1, Map.of("group.protocol", "consumer"));
        assertThat(props).doesNotContainKey("partition.assignment.strategy").containsEntry("group.protocol", "consumer");
    }

    @Test
    void missingFieldsAreNamed() {
        assertThatThrownBy(() -> KafkaClientProperties.consumer(spec(null), 1, Map.of()))
                .hasMessage("input.kafka.consumerGroup is required");
        KafkaSpec noTopic = spec("g");
        noTopic.setTopic(" ");
        assertThatThrownBy(() -> KafkaClientProperties.producer(noTopic, QueueRole.DEAD_LETTER, Map.of()))
                .hasMessage("deadLetter.kafka.topic is required");
    }

    @Test
    void theDefaultMaxPollIntervalIsKafkasAndTheRevocationWaitStaysWellInsideIt() {
        assertThat(KafkaClientProperties.maxPollInterval(new Properties())).isEqualTo(Duration.ofMinutes(5));
        assertThat(KafkaSourceSettings.defaults(io.asyncservice.api.v1alpha1.KafkaOrdering.UNORDERED, 16, Duration.ofMinutes(5))
                .revokeWait()).isEqualTo(Duration.ofSeconds(10));
        assertThat(KafkaSourceSettings.defaults(io.asyncservice.api.v1alpha1.KafkaOrdering.UNORDERED, 16, Duration.ofSeconds(5))
                .revokeWait()).isEqualTo(Duration.ofMillis(2500));
    }
}
