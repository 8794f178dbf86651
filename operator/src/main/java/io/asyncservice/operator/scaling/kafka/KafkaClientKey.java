package io.asyncservice.operator.scaling.kafka;

import io.asyncservice.operator.scaling.BacklogReadException;
import io.asyncservice.operator.scaling.ClientKey;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.SortedMap;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;

/**
 * A Kafka Admin client's identity: the bootstrap servers and the client properties from the credentials Secret
 * (security.protocol, sasl.*, ssl.*). Every request is bounded by {@code callTimeout}.
 */
record KafkaClientKey(String bootstrapServers, SortedMap<String, String> securityProperties, Duration callTimeout)
        implements ClientKey<KafkaClientKey.AdminHandle> {

    /** An Admin client that closes without waiting long for requests in flight. */
    record AdminHandle(Admin admin) implements AutoCloseable {
        @Override
        public void close() {
            admin.close(Duration.ofSeconds(2));
        }
    }

    @Override
    public AdminHandle connect() throws BacklogReadException {
        Map<String, Object> config = new HashMap<>(securityProperties);
        config.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        config.put(AdminClientConfig.CLIENT_ID_CONFIG, "async-service-operator-scaler");
        config.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) callTimeout.toMillis());
        config.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) callTimeout.toMillis());
        config.put(AdminClientConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, 10_000);
        try {
            return new AdminHandle(Admin.create(config));
        } catch (RuntimeException e) {
            throw new BacklogReadException(BacklogReadException.INVALID_CONFIGURATION,
                    "could not create a Kafka client for " + bootstrapServers + ": " + e.getMessage(), e);
        }
    }

    @Override
    public String endpoint() {
        return "kafka:" + bootstrapServers;
    }

    @Override
    public String toString() {
        return "KafkaClientKey[" + endpoint() + ", properties " + securityProperties.keySet() + "]";
    }
}
