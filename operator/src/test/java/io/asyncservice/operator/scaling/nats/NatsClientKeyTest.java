package io.asyncservice.operator.scaling.nats;

import static org.assertj.core.api.Assertions.assertThat;

import io.asyncservice.api.sidecar.NatsConnectionRule;
import io.nats.client.NKey;
import io.nats.client.Options;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.Test;

/** The scaler's NATS options follow the sidecar's rule: TLS for tls:// servers, one kind of credentials. */
class NatsClientKeyTest {

    private static Options options(List<String> servers, Map<String, String> secret) throws Exception {
        NatsConnectionRule.Credentials credentials = NatsConnectionRule.credentials(k -> Optional.ofNullable(secret.get(k)));
        return new NatsClientKey(servers, credentials, Duration.ofSeconds(5)).options();
    }

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
    void plainServersHaveNoTls() throws Exception {
        assertThat(options(List.of("nats://a:4222"), Map.of()).getSslContext()).isNull();
    }

    @Test
    void aTlsServerTurnsOnTlsWithTheJvmDefaultContextEvenWhenItIsNotTheFirst() throws Exception {
        Options options = options(List.of("nats://a:4222", "tls://b:4222"), Map.of());
        assertThat(options.getSslContext()).isSameAs(SSLContext.getDefault());
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
    void aTokenWinsOverUserAndPassword() throws Exception {
        // Before, the scaler set both and the client refused the options ("can't have token and username").
        Options options = options(List.of("nats://a:4222"), Map.of("token", "t", "user", "u", "password", "p"));
        assertThat(options.getTokenChars()).containsExactly('t');
        assertThat(options.getUsernameChars()).isNull();
        assertThat(options.getPasswordChars()).isNull();
        assertThat(options.getAuthHandler()).isNull();
    }

    @Test
    void userAndPasswordComeLast() throws Exception {
        Options options = options(List.of("nats://a:4222"), Map.of("user", "u", "password", "p"));
        assertThat(options.getUsername()).isEqualTo("u");
        assertThat(options.getPassword()).isEqualTo("p");
        assertThat(options.getTokenChars()).isNull();
        assertThat(options.getAuthHandler()).isNull();
    }

    @Test
    void theKeyNamesNoSecret() throws Exception {
        NatsConnectionRule.Credentials credentials = NatsConnectionRule.credentials(k -> Optional.ofNullable(Map.of("token", "s3cret").get(k)));
        assertThat(new NatsClientKey(List.of("nats://a:4222"), credentials, Duration.ofSeconds(5)).toString()).doesNotContain("s3cret");
    }
}
