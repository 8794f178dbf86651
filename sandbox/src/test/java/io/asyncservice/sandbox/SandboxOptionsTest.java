package io.asyncservice.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class SandboxOptionsTest {

    @Test
    void defaultsToTheSqsDemo() {
        SandboxOptions o = SandboxOptions.parse(List.of());

        assertThat(o.broker()).isEqualTo("sqs");
        assertThat(o.demo()).isTrue();
        assertThat(o.exitAfterDemo()).isFalse();
        assertThat(o.messages()).isEqualTo(200);
        assertThat(o.workDir()).isEqualTo(Path.of("sandbox-work").toAbsolutePath());
    }

    @Test
    void readsEveryOption() {
        SandboxOptions o = SandboxOptions.parse(List.of("--broker", "kafka", "--no-demo", "--messages", "50",
                "--work-dir", "/tmp/w", "--api-port", "18443", "--exit-after-demo"));

        assertThat(o).isEqualTo(new SandboxOptions("kafka", false, true, 50, Path.of("/tmp/w"), 18443));
    }

    @Test
    void rejectsWhatItDoesNotKnow() {
        assertThatThrownBy(() -> SandboxOptions.parse(List.of("--broker", "redis"))).hasMessageContaining("sqs, kafka, nats, amqp");
        assertThatThrownBy(() -> SandboxOptions.parse(List.of("--frobnicate"))).hasMessageContaining("unknown option");
        assertThatThrownBy(() -> SandboxOptions.parse(List.of("--messages"))).hasMessageContaining("needs a value");
    }
}
