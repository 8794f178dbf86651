package io.asyncservice.clients.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import java.util.Properties;
import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.Test;

class KafkaClientConfigTest {

    private static final Map<String, String> SASL = Map.of(
            "security.protocol", "SASL_SSL",
            "sasl.mechanism", "PLAIN",
            "sasl.jaas.config", "org.apache.kafka.common.security.plain.PlainLoginModule required username=\"u\" password=\"s3cr3t-pw\";");

    @Test
    void theSecretOverridesTheDefaultsAndTheSpecsBootstrapServersWin() {
        Map<String, String> secret = Map.of("security.protocol", "SASL_SSL", "linger.ms", "5", "bootstrap.servers", "evil:9092");

        Properties props = KafkaClientConfig.base(Map.of("linger.ms", "1", "client.id", "x"), secret, "broker:9092");

        assertThat(props).containsEntry("bootstrap.servers", "broker:9092")
                .containsEntry("security.protocol", "SASL_SSL")
                .containsEntry("linger.ms", "5")
                .containsEntry("client.id", "x");
    }

    @Test
    void bootstrapServersAreRequired() {
        assertThatThrownBy(() -> KafkaClientConfig.base(Map.of(), Map.of(), " "))
                .hasMessageContaining("kafka.bootstrapServers is required");
    }

    @Test
    void errorMessagesMaskCredentialValues() {
        Exception error = new IllegalStateException("outer", new ConfigException(
                "sasl.jaas.config", SASL.get("sasl.jaas.config"), "bad login module; password s3cr3t-pw rejected"));
        String message = KafkaClientConfig.redactedMessage(error, SASL);
        assertThat(message).contains("sasl.jaas.config").doesNotContain("s3cr3t-pw").doesNotContain("PlainLoginModule");
    }

    @Test
    void valuesShorterThanThreeCharactersAreNotMaskedSoMessagesStayReadable() {
        assertThat(KafkaClientConfig.redact("protocol PLAIN on SSL", Map.of("a", "SSL", "b", "on")))
                .isEqualTo("protocol PLAIN on ****");
    }
}
