package io.asyncservice.api.broker;

import io.asyncservice.api.sidecar.QueueRole;
import io.asyncservice.api.sidecar.SidecarContract;
import io.asyncservice.api.v1alpha1.BrokerKind;
import io.asyncservice.api.v1alpha1.BrokerSpec;
import io.asyncservice.api.v1alpha1.KafkaSpec;
import java.util.Optional;

/**
 * A Kafka topic: bootstrap servers, a consumer group on the input, and client properties (security.protocol, sasl.*,
 * ssl.*) from a Secret mounted as files, one per property.
 */
public final class KafkaBrokerDescriptor implements BrokerDescriptor<KafkaSpec> {

    @Override
    public BrokerKind kind() {
        return BrokerKind.KAFKA;
    }

    @Override
    public KafkaSpec specOf(BrokerSpec broker) {
        return broker.getKafka();
    }

    @Override
    public void check(QueueRole role, String at, KafkaSpec spec, BrokerProblems problems) {
        problems.required(at + ".bootstrapServers", spec.getBootstrapServers());
        problems.required(at + ".topic", spec.getTopic());
        if (role == QueueRole.INPUT) {
            problems.required(at + ".consumerGroup", spec.getConsumerGroup());
        }
    }

    @Override
    public Optional<SecretUse> secret(QueueRole role, KafkaSpec spec) {
        return SecretUse.named(spec.getCredentialsSecret())
                .map(name -> SecretUse.mounted("credentialsSecret", name, SidecarContract.kafkaPropertiesDir(role)));
    }

    @Override
    public String endpoint(String namespace, KafkaSpec spec) {
        return "kafka:" + spec.getBootstrapServers();
    }

    /** A failed record cannot be put aside on the topic: it needs an output or a dead letter to go to. */
    @Override
    public boolean hasDeadLetterPolicy() {
        return false;
    }
}
