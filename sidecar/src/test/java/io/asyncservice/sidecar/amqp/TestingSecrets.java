package io.asyncservice.sidecar.amqp;

import io.asyncservice.api.sidecar.QueueRole;
import io.asyncservice.sidecar.broker.SecretSource;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/** Secret values held in memory, as the operator's environment variables would carry them. */
final class TestingSecrets implements SecretSource {

    private final Map<String, String> values = new HashMap<>();

    static TestingSecrets none() {
        return new TestingSecrets();
    }

    TestingSecrets with(QueueRole role, String key, String value) {
        values.put(role.name() + "/" + key, value);
        return this;
    }

    @Override
    public Optional<String> get(QueueRole role, String key) {
        return Optional.ofNullable(values.get(role.name() + "/" + key));
    }

    @Override
    public Map<String, String> kafkaProperties(QueueRole role) {
        return Map.of();
    }
}
