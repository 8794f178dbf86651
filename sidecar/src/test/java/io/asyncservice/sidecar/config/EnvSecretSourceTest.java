package io.asyncservice.sidecar.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.asyncservice.api.sidecar.QueueRole;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EnvSecretSourceTest {

    @Test
    void readsTheRolesSecretVariables() {
        EnvSecretSource secrets = new EnvSecretSource(Map.of("ASVC_INPUT_AWS_ACCESS_KEY_ID", "AKIA", "ASVC_OUTPUT_TOKEN", "t",
                "ASVC_DEAD_LETTER_AWS_ACCESS_KEY_ID", ""));

        assertThat(secrets.get(QueueRole.INPUT, "AWS_ACCESS_KEY_ID")).contains("AKIA");
        assertThat(secrets.get(QueueRole.OUTPUT, "token")).contains("t");
        assertThat(secrets.get(QueueRole.OUTPUT, "AWS_ACCESS_KEY_ID")).isEmpty();
        assertThat(secrets.get(QueueRole.DEAD_LETTER, "AWS_ACCESS_KEY_ID")).as("empty counts as unset").isEmpty();
    }

    @Test
    void readsKafkaPropertiesOneFilePerKeyLikeAMountedSecret(@TempDir Path root) throws Exception {
        Path input = Files.createDirectories(root.resolve("input"));
        Path data = Files.createDirectories(input.resolve("..2025_01_01_00_00_00.1"));
        Files.writeString(data.resolve("security.protocol"), "SASL_SSL\n");
        Files.writeString(data.resolve("sasl.jaas.config"), "org.apache.kafka.common.security.plain.PlainLoginModule required;");
        Files.createSymbolicLink(input.resolve("..data"), data.getFileName());
        Files.createSymbolicLink(input.resolve("security.protocol"), Path.of("..data/security.protocol"));
        Files.createSymbolicLink(input.resolve("sasl.jaas.config"), Path.of("..data/sasl.jaas.config"));

        EnvSecretSource secrets = new EnvSecretSource(Map.of(), role -> root.resolve(role.field()));

        assertThat(secrets.kafkaProperties(QueueRole.INPUT)).containsOnly(
                Map.entry("security.protocol", "SASL_SSL"),
                Map.entry("sasl.jaas.config", "org.apache.kafka.common.security.plain.PlainLoginModule required;"));
        assertThat(secrets.kafkaProperties(QueueRole.OUTPUT)).isEmpty();
    }
}
