package io.asyncservice.clients.nats;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class NatsCredentialsTest {

    private static NatsCredentials choose(Map<String, String> secret) {
        return NatsCredentials.choose(k -> Optional.ofNullable(secret.get(k)));
    }

    @Test
    void aCredsFileWinsOverEverythingElse() {
        NatsCredentials c = choose(Map.of("creds", "CREDS", "token", "t", "user", "u", "password", "p"));
        assertThat(c).isEqualTo(new NatsCredentials(NatsCredentials.Kind.CREDS, "CREDS", null));
    }

    @Test
    void aTokenWinsOverUserAndPassword() {
        NatsCredentials c = choose(Map.of("token", "t", "user", "u", "password", "p"));
        assertThat(c).isEqualTo(new NatsCredentials(NatsCredentials.Kind.TOKEN, "t", null));
    }

    @Test
    void userAndPasswordComeLast() {
        assertThat(choose(Map.of("user", "u", "password", "p")))
                .isEqualTo(new NatsCredentials(NatsCredentials.Kind.USER_PASSWORD, "u", "p"));
    }

    @Test
    void blankValuesCountAsAbsent() {
        assertThat(choose(Map.of("creds", " ", "token", "", "user", "u", "password", "p")).kind())
                .isEqualTo(NatsCredentials.Kind.USER_PASSWORD);
        assertThat(choose(Map.of("user", "u", "password", " ")).kind()).isEqualTo(NatsCredentials.Kind.USER_WITHOUT_PASSWORD);
    }

    @Test
    void aUserWithoutPasswordIsNotALogin() {
        assertThat(choose(Map.of("user", "u")).kind()).isEqualTo(NatsCredentials.Kind.USER_WITHOUT_PASSWORD);
    }

    @Test
    void nothingIsNone() {
        assertThat(choose(Map.of())).isSameAs(NatsCredentials.NONE);
        assertThat(choose(Map.of("password", "p"))).isSameAs(NatsCredentials.NONE);
    }

    @Test
    void theStringFormNamesNoSecret() {
        assertThat(choose(Map.of("token", "s3cret")).toString()).isEqualTo("NatsCredentials[TOKEN]");
    }
}
