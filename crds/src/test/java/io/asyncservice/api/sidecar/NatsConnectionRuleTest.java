package io.asyncservice.api.sidecar;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class NatsConnectionRuleTest {

    private static NatsConnectionRule.Credentials choose(Map<String, String> secret) {
        return NatsConnectionRule.credentials(k -> Optional.ofNullable(secret.get(k)));
    }

    @Test
    void aCredsFileWinsOverEverythingElse() {
        NatsConnectionRule.Credentials c = choose(Map.of("creds", "CREDS", "token", "t", "user", "u", "password", "p"));
        assertThat(c).isEqualTo(new NatsConnectionRule.Credentials(NatsConnectionRule.Kind.CREDS, "CREDS", null));
    }

    @Test
    void aTokenWinsOverUserAndPassword() {
        NatsConnectionRule.Credentials c = choose(Map.of("token", "t", "user", "u", "password", "p"));
        assertThat(c).isEqualTo(new NatsConnectionRule.Credentials(NatsConnectionRule.Kind.TOKEN, "t", null));
    }

    @Test
    void userAndPasswordComeLast() {
        assertThat(choose(Map.of("user", "u", "password", "p")))
                .isEqualTo(new NatsConnectionRule.Credentials(NatsConnectionRule.Kind.USER_PASSWORD, "u", "p"));
    }

    @Test
    void blankValuesCountAsAbsent() {
        assertThat(choose(Map.of("creds", " ", "token", "", "user", "u", "password", "p")).kind())
                .isEqualTo(NatsConnectionRule.Kind.USER_PASSWORD);
        assertThat(choose(Map.of("user", "u", "password", " ")).kind()).isEqualTo(NatsConnectionRule.Kind.USER_WITHOUT_PASSWORD);
    }

    @Test
    void aUserWithoutPasswordIsNotALogin() {
        assertThat(choose(Map.of("user", "u")).kind()).isEqualTo(NatsConnectionRule.Kind.USER_WITHOUT_PASSWORD);
    }

    @Test
    void nothingIsNone() {
        assertThat(choose(Map.of())).isSameAs(NatsConnectionRule.Credentials.NONE);
        assertThat(choose(Map.of("password", "p"))).isSameAs(NatsConnectionRule.Credentials.NONE);
    }

    @Test
    void theStringFormNamesNoSecret() {
        assertThat(choose(Map.of("token", "s3cret")).toString()).isEqualTo("NatsCredentials[TOKEN]");
    }

    @Test
    void anyTlsServerTurnsOnTls() {
        assertThat(NatsConnectionRule.usesTls(List.of("nats://a:4222"))).isFalse();
        assertThat(NatsConnectionRule.usesTls(List.of("nats://a:4222", " TLS://b:4222"))).isTrue();
        assertThat(NatsConnectionRule.usesTls(List.of("opentls://a:4222"))).isFalse();
        assertThat(NatsConnectionRule.usesTls(null)).isFalse();
    }
}
