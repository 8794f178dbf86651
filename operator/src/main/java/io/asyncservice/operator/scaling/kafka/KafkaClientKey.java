package io.asyncservice.operator.scaling.kafka;

import io.asyncservice.clients.kafka.KafkaClientConfig;
import io.asyncservice.operator.scaling.BacklogReadException;
import io.asyncservice.operator.scaling.ClientKey;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import java.util.SortedMap;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;

/**
 * A Kafka Admin client's identity: the bootstrap servers and the client properties from the credentials Secret
 * (security.protocol, sasl.*, ssl.*), combined as the sidecar combines them ({@link KafkaClientConfig#base}). Every
 * request is bounded by {@code callTimeout}.
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
        Properties config;
        try {
            config = KafkaClientConfig.base(Map.of(), securityProperties, bootstrapServers);
        } catch (IllegalArgumentException e) {
            throw new BacklogReadException(BacklogReadException.INVALID_CONFIGURATION, e.getMessage());
        }
        config.put(AdminClientConfig.CLIENT_ID_CONFIG, "async-service-operator-scaler");
        config.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) callTimeout.toMillis());
        config.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) callTimeout.toMillis());
        config.put(AdminClientConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, 10_000);
        try {
            return new AdminHandle(Admin.create(config));
        } catch (RuntimeException e) {
            // Not chained: the client's message may quote a Secret value, which only the redacted text leaves out.
            throw new BacklogReadException(BacklogReadException.INVALID_CONFIGURATION, "could not create a Kafka client for "
                    + bootstrapServers + ": " + KafkaClientConfig.redactedMessage(e, securityProperties));
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
