package io.asyncservice.operator.scaling.nats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.asyncservice.clients.nats.NatsCredentials;
import io.asyncservice.operator.scaling.BacklogReadException;
import io.nats.client.Options;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.Test;

/**
 * The scaler's NATS options are the shared ones (the rules themselves are tested in broker-clients' NatsOptionsTest)
 * with the scaler's name and timeout; its key never shows a secret.
 */
class NatsClientKeyTest {

    private static NatsClientKey key(List<String> servers, Map<String, String> secret) {
        return new NatsClientKey(servers, NatsCredentials.choose(k -> Optional.ofNullable(secret.get(k))), Duration.ofSeconds(5));
    }

    @Test
    void theSharedRulesWithTheScalersNameAndTimeout() throws Exception {
        Options options = key(List.of("nats://a:4222", "tls://b:4222"), Map.of("token", "t", "user", "u", "password", "p")).options();
        assertThat(options.getSslContext()).isSameAs(SSLContext.getDefault());
        assertThat(options.getTokenChars()).containsExactly('t');
        assertThat(options.getUsernameChars()).isNull();
        assertThat(options.getConnectionName()).isEqualTo("async-service-operator-scaler");
        assertThat(options.getConnectionTimeout()).isEqualTo(Duration.ofSeconds(5));
    }

    @Test
    void aUserWithoutPasswordIsASecretProblem() {
        assertThatThrownBy(() -> key(List.of("nats://a:4222"), Map.of("user", "u")).options())
                .isInstanceOfSatisfying(BacklogReadException.class,
                        e -> assertThat(e.reason()).isEqualTo(BacklogReadException.SECRET_UNAVAILABLE));
    }

    @Test
    void theKeyNamesNoSecret() {
        assertThat(key(List.of("nats://a:4222"), Map.of("token", "s3cret")).toString()).doesNotContain("s3cret");
    }
}
