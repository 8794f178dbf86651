package io.asyncservice.sidecar.nats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.asyncservice.api.sidecar.QueueRole;
import io.asyncservice.api.v1alpha1.NatsSpec;
import io.asyncservice.sidecar.testing.TestingSecrets;
import io.nats.client.Options;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What the sidecar adds to the shared NATS options (broker-clients' NatsOptionsTest covers TLS and credentials). */
class NatsConnectionsTest {

    private static NatsSpec spec(String... servers) {
        NatsSpec spec = new NatsSpec();
        spec.setServers(List.of(servers));
        spec.setStream("s");
        return spec;
    }

    private static Options options(NatsSpec spec, TestingSecrets secrets) {
        return NatsConnections.options(spec, QueueRole.INPUT, secrets, new NatsConnectionEvents(QueueRole.INPUT));
    }

    @Test
    void reconnectsForeverWithBackoffToEveryServer() {
        Options options = options(spec("nats://a:4222", "nats://b:4222"), TestingSecrets.none());

        assertThat(options.getServers()).hasSize(2);
        assertThat(options.getMaxReconnect()).isEqualTo(-1);
        assertThat(options.getReconnectDelayHandler()).isInstanceOf(NatsReconnectBackoff.class);
        assertThat(options.getSslContext()).isNull();
    }

    @Test
    void theCredentialsComeFromTheRolesSecret() {
        Options options = options(spec("tls://nats.example:4222"), TestingSecrets.none()
                .with(QueueRole.INPUT, "token", "s3cret").with(QueueRole.OUTPUT, "token", "other"));

        assertThat(options.getTokenChars()).containsExactly("s3cret".toCharArray());
        assertThat(options.getSslContext()).isNotNull();
        assertThat(options.getConnectionName()).isEqualTo("asvc-sidecar-input");
    }

    @Test
    void aUserWithoutPasswordNamesTheMissingVariable() {
        TestingSecrets secrets = TestingSecrets.none().with(QueueRole.OUTPUT, "user", "app");

        assertThatThrownBy(() -> NatsConnections.options(spec("nats://a:4222"), QueueRole.OUTPUT, secrets,
                new NatsConnectionEvents(QueueRole.OUTPUT)))
                .hasMessageContaining("ASVC_OUTPUT_PASSWORD");
    }

    @Test
    void noServersIsAnErrorThatNamesTheField() {
        NatsSpec spec = new NatsSpec();
        spec.setServers(List.of());

        assertThatThrownBy(() -> options(spec, TestingSecrets.none())).hasMessageContaining("input.nats.servers");
    }

    @Test
    void backoffGrowsAndIsCapped() {
        NatsReconnectBackoff backoff = new NatsReconnectBackoff();

        assertThat(backoff.getWaitTime(1).toMillis()).isBetween(250L, 300L);
        assertThat(backoff.getWaitTime(3).toMillis()).isBetween(1_000L, 1_200L);
        assertThat(backoff.getWaitTime(50).toMillis()).isBetween(5_000L, 6_000L);
    }
}
