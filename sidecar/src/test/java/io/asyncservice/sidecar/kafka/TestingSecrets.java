package io.asyncservice.sidecar.kafka;

import io.asyncservice.api.sidecar.QueueRole;
import io.asyncservice.sidecar.broker.SecretSource;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;

/** A {@link SecretSource} with Kafka client properties given in the test instead of mounted files. */
final class TestingSecrets implements SecretSource {

    private final Map<QueueRole, Map<String, String>> kafka = new EnumMap<>(QueueRole.class);

    static TestingSecrets none() {
        return new TestingSecrets();
    }

    static TestingSecrets kafka(QueueRole role, Map<String, String> properties) {
        return new TestingSecrets().with(role, properties);
    }

    TestingSecrets with(QueueRole role, Map<String, String> properties) {
        kafka.put(role, Map.copyOf(properties));
        return this;
    }

    @Override
    public Optional<String> get(QueueRole role, String key) {
        return Optional.empty();
    }

    @Override
    public Map<String, String> kafkaProperties(QueueRole role) {
        return kafka.getOrDefault(role, Map.of());
    }
}
