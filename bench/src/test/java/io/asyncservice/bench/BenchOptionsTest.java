package io.asyncservice.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class BenchOptionsTest {

    @Test
    void theDefaultIsTheFullRun() {
        BenchOptions o = BenchOptions.parse();
        assertThat(o.quick()).isFalse();
        assertThat(o.brokers()).containsExactly("sqs", "kafka", "nats", "amqp");
        assertThat(o.concurrencies()).containsExactly(1, 8, 32);
        assertThat(o.services()).isEqualTo(1000);
        assertThat(o.probes()).isEqualTo(20);
        assertThat(BenchOptions.SECTIONS).allMatch(o::runs);
    }

    @Test
    void optionsNarrowTheRun() {
        BenchOptions o = BenchOptions.parse("--quick", "--only", "sidecar,scaler", "--brokers", "sqs", "--concurrency",
                "32", "--services", "7", "--seconds", "3", "--messages", "400");
        assertThat(o.quick()).isTrue();
        assertThat(o.runs("sidecar")).isTrue();
        assertThat(o.runs("latency")).isFalse();
        assertThat(o.brokers()).containsExactly("sqs");
        assertThat(o.concurrencies()).isEqualTo(List.of(32));
        assertThat(o.services()).isEqualTo(7);
        assertThat(o.footprintWindow()).isEqualTo(Duration.ofSeconds(3));
        assertThat(o.messagesAt(1)).isEqualTo(100);
        assertThat(o.messagesAt(8)).isEqualTo(400);
        assertThat(o.messagesAt(32)).isEqualTo(800);
    }

    @Test
    void rejectsWhatItDoesNotKnow() {
        assertThatThrownBy(() -> BenchOptions.parse("--brokers", "sqs,mqtt")).hasMessageContaining("mqtt is not one of");
        assertThatThrownBy(() -> BenchOptions.parse("--only", "everything")).hasMessageContaining("everything");
        assertThatThrownBy(() -> BenchOptions.parse("--services", "0")).hasMessageContaining("not a positive number");
        assertThatThrownBy(() -> BenchOptions.parse("--services")).hasMessageContaining("needs a value");
        assertThatThrownBy(() -> BenchOptions.parse("--fast", "1")).hasMessageContaining("unknown option --fast");
    }
}
