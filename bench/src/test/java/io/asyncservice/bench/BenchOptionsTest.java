package io.asyncservice.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.asyncservice.bench.profile.ProfileCell;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class BenchOptionsTest {

    @Test
    void theDefaultIsTheFullRun() {
        BenchOptions o = BenchOptions.parse();
        assertThat(o.quick()).isFalse();
        assertThat(o.brokers()).containsExactly("sqs", "kafka", "nats", "amqp");
        assertThat(o.concurrencies()).containsExactly(1, 10, 32);
        assertThat(o.messages()).isEqualTo(2000);
        assertThat(o.messagesAt(1)).isEqualTo(500);
        assertThat(o.messagesAt(10)).isEqualTo(2000);
        assertThat(o.messagesAt(32)).isEqualTo(4000);
        assertThat(o.profile()).isEmpty();
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
        assertThat(o.messagesAt(10)).isEqualTo(400);
        assertThat(o.messagesAt(32)).isEqualTo(800);
    }

    @Test
    void profileNamesOneThroughputCell() {
        BenchOptions o = BenchOptions.parse("--only", "sidecar", "--brokers", "amqp", "--concurrency", "1,32",
                "--profile", "amqp:32");
        assertThat(o.profile()).contains(new ProfileCell("amqp", 32));
        assertThat(o.profile().get().is("amqp", 32)).isTrue();
        assertThat(o.profile().get().is("amqp", 1)).isFalse();
        assertThat(o.profile().get().is("nats", 32)).isFalse();
        assertThat(BenchOptions.parse("--profile", "sqs:10").profile()).contains(new ProfileCell("sqs", 10));
    }

    @Test
    void rejectsAProfileThatIsNotACellOfTheRun() {
        assertThatThrownBy(() -> BenchOptions.parse("--profile", "amqp"))
                .hasMessage("--profile: amqp is not BROKER:CONCURRENCY, e.g. amqp:32");
        assertThatThrownBy(() -> BenchOptions.parse("--profile", "amqp:32:1")).hasMessageContaining("BROKER:CONCURRENCY");
        assertThatThrownBy(() -> BenchOptions.parse("--profile", ":32")).hasMessageContaining("BROKER:CONCURRENCY");
        assertThatThrownBy(() -> BenchOptions.parse("--profile", "mqtt:32"))
                .hasMessage("--profile: mqtt is not one of sqs, kafka, nats, amqp");
        assertThatThrownBy(() -> BenchOptions.parse("--profile", "amqp:x"))
                .hasMessage("--profile: x is not a positive concurrency");
        assertThatThrownBy(() -> BenchOptions.parse("--profile", "amqp:0"))
                .hasMessage("--profile: 0 is not a positive concurrency");
        assertThatThrownBy(() -> BenchOptions.parse("--concurrency", "1,32", "--profile", "amqp:10"))
                .hasMessageContaining("--profile amqp:10: that throughput cell does not run")
                .hasMessageContaining("concurrencies [1, 32]");
        assertThatThrownBy(() -> BenchOptions.parse("--brokers", "sqs", "--profile", "amqp:32"))
                .hasMessageContaining("brokers sqs");
        assertThatThrownBy(() -> BenchOptions.parse("--only", "latency", "--profile", "amqp:32"))
                .hasMessageContaining("sidecar off");
    }

    @Test
    void rejectsWhatItDoesNotKnow() {
        assertThatThrownBy(() -> BenchOptions.parse("--brokers", "sqs,mqtt")).hasMessageContaining("mqtt is not one of");
        assertThatThrownBy(() -> BenchOptions.parse("--only", "everything")).hasMessageContaining("everything");
        assertThatThrownBy(() -> BenchOptions.parse("--services", "0")).hasMessageContaining("not a positive number");
        assertThatThrownBy(() -> BenchOptions.parse("--messages", "lots"))
                .hasMessage("--messages: lots is not a positive number");
        assertThatThrownBy(() -> BenchOptions.parse("--concurrency", "1,ten"))
                .hasMessage("--concurrency: ten is not a positive number");
        assertThatThrownBy(() -> BenchOptions.parse("--concurrency", ",")).hasMessageContaining("no concurrency");
        assertThatThrownBy(() -> BenchOptions.parse("--services")).hasMessageContaining("needs a value");
        assertThatThrownBy(() -> BenchOptions.parse("--fast", "1")).hasMessageContaining("unknown option --fast");
    }
}
