package io.asyncservice.clients.nats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.nats.client.NKey;
import io.nats.client.Options;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.Test;

/** The NATS options the sidecar and the scaler both start from: TLS for tls:// servers, one kind of credentials. */
class NatsOptionsTest {

    private static Options options(List<String> servers, Map<String, String> secret) {
        return NatsOptions.builder(servers, NatsCredentials.choose(k -> Optional.ofNullable(secret.get(k)))).build();
    }

    /** A creds file as {@code nsc} writes it, with a freshly generated user seed. */
    private static String credsFile() throws Exception {
        String seed = new String(NKey.createUser(null).getSeed());
        return "-----BEGIN NATS USER JWT-----\n"
                + "eyJ0eXAiOiJKV1QiLCJhbGciOiJlZDI1NTE5LW5rZXkifQ.e30.c2lnbmF0dXJl\n"
                + "------END NATS USER JWT------\n\n"
                + "-----BEGIN USER NKEY SEED-----\n"
                + seed + "\n"
                + "------END USER NKEY SEED------\n";
    }

    @Test
    void everyServerIsUsedAndPlainServersHaveNoTls() {
        Options options = options(List.of("nats://a:4222", "nats://b:4222"), Map.of());
        assertThat(options.getServers()).hasSize(2);
        assertThat(options.getSslContext()).isNull();
    }

    @Test
    void aTlsServerTurnsOnTlsWithTheJvmDefaultContextEvenWhenItIsNotTheFirst() throws Exception {
        Options options = options(List.of("nats://a:4222", "tls://b:4222"), Map.of());
        assertThat(options.getSslContext()).isSameAs(SSLContext.getDefault());
    }

    @Test
    void anyTlsServerTurnsOnTls() {
        assertThat(NatsOptions.usesTls(List.of("nats://a:4222"))).isFalse();
        assertThat(NatsOptions.usesTls(List.of("nats://a:4222", " TLS://b:4222"))).isTrue();
        assertThat(NatsOptions.usesTls(List.of("opentls://a:4222"))).isFalse();
        assertThat(NatsOptions.usesTls(null)).isFalse();
    }

    @Test
    void aCredsFileWinsAndNothingElseIsSent() throws Exception {
        Options options = options(List.of("nats://a:4222"), Map.of("creds", credsFile(), "token", "t", "user", "u", "password", "p"));
        assertThat(options.getAuthHandler()).isNotNull();
        assertThat(options.getTokenChars()).isNull();
        assertThat(options.getUsernameChars()).isNull();
        assertThat(options.getPasswordChars()).isNull();
    }

    @Test
    void aTokenWinsOverUserAndPassword() {
        // Setting both made the client refuse the options ("can't have token and username").
        Options options = options(List.of("nats://a:4222"), Map.of("token", "t", "user", "u", "password", "p"));
        assertThat(options.getTokenChars()).containsExactly('t');
        assertThat(options.getUsernameChars()).isNull();
        assertThat(options.getPasswordChars()).isNull();
        assertThat(options.getAuthHandler()).isNull();
    }

    @Test
    void userAndPasswordComeLast() {
        Options options = options(List.of("nats://a:4222"), Map.of("user", "u", "password", "p"));
        assertThat(options.getUsername()).isEqualTo("u");
        assertThat(options.getPassword()).isEqualTo("p");
        assertThat(options.getTokenChars()).isNull();
        assertThat(options.getAuthHandler()).isNull();
    }

    @Test
    void aUserWithoutPasswordIsNeverSent() {
        assertThatThrownBy(() -> options(List.of("nats://a:4222"), Map.of("user", "u")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("user but no password");
    }

    @Test
    void noServersIsAnError() {
        assertThatThrownBy(() -> options(List.of(), Map.of())).hasMessageContaining("nats.servers");
        assertThatThrownBy(() -> options(null, Map.of())).hasMessageContaining("nats.servers");
    }
}
