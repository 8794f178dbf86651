package io.asyncservice.sidecar.testing;

import io.asyncservice.api.sidecar.QueueRole;
import io.asyncservice.sidecar.broker.SecretSource;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Secret values held in memory, as the operator's environment variables (single values) and mounted files (Kafka
 * client properties) would carry them. A double of our {@link SecretSource}, not of a broker.
 */
public final class TestingSecrets implements SecretSource {

    private final Map<String, String> values = new HashMap<>();
    private final Map<QueueRole, Map<String, String>> kafka = new EnumMap<>(QueueRole.class);

    public static TestingSecrets none() {
        return new TestingSecrets();
    }

    public static TestingSecrets kafka(QueueRole role, Map<String, String> properties) {
        return new TestingSecrets().with(role, properties);
    }

    public TestingSecrets with(QueueRole role, String key, String value) {
        values.put(role.name() + "/" + key, value);
        return this;
    }

    public TestingSecrets with(QueueRole role, Map<String, String> kafkaProperties) {
        kafka.put(role, Map.copyOf(kafkaProperties));
        return this;
    }

    @Override
    public Optional<String> get(QueueRole role, String key) {
        return Optional.ofNullable(values.get(role.name() + "/" + key));
    }

    @Override
    public Map<String, String> kafkaProperties(QueueRole role) {
        return kafka.getOrDefault(role, Map.of());
    }
}
