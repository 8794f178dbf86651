package io.asyncservice.operator.scaling;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** Secrets held in memory, by namespace and name. */
public final class TestingSecretReader implements SecretReader {

    private final Map<String, Map<String, String>> secrets = new ConcurrentHashMap<>();

    public TestingSecretReader put(String namespace, String name, Map<String, String> data) {
        secrets.put(namespace + "/" + name, Map.copyOf(data));
        return this;
    }

    @Override
    public Optional<Map<String, String>> read(String namespace, String name) {
        return Optional.ofNullable(secrets.get(namespace + "/" + name));
    }
}
