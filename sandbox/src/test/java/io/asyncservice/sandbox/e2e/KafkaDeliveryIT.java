package io.asyncservice.sandbox.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.asyncservice.sandbox.Sandbox;
import io.asyncservice.sandbox.broker.KafkaSandboxBroker;
import io.asyncservice.sandbox.demo.DemoRun;
import io.asyncservice.sandbox.demo.Tally;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kafka end to end on the embedded KRaft broker: 200 messages come back once each while the replicas go 0 → N → 0
 * (N at most the topic's 4 partitions), and a broker restart in the middle of a run loses nothing: the sidecars,
 * the scaler and the test's own clients reconnect by themselves.
 */
@ExtendWith(SharedSandbox.class)
class KafkaDeliveryIT {

    private static EndToEndSandbox e2e;

    @BeforeAll
    static void start(Sandbox sandbox, @TempDir Path dir) {
        e2e = EndToEndSandbox.start(sandbox, KafkaSandboxBroker.start(), dir);
    }

    @AfterAll
    static void stop() {
        if (e2e != null) {
            e2e.close();
        }
    }

    @Test
    void twoHundredMessagesComeBackOnceEachWhileReplicasGoZeroToNToZero() {
        String name = "kafka-e2e";
        DemoRun run = e2e.run(name);
        run.apply(e2e.example(name, Map.of()));
        Tally tally = new Tally(run.send("kafka", 200, Map.of()).keySet());

        run.collect(tally, EndToEndSandbox.WAIT, run::atZero);

        E2eReport.line("kafka 200 messages", tally, "replicas 0 -> %d -> %s"
                .formatted(run.maxReplicas(), run.atZero() ? "0" : "not 0"));
        assertThat(tally.lost()).isZero();
        assertThat(tally.duplicates()).isZero();
        assertThat(tally.withStatus("SUCCESS")).isEqualTo(200);
        assertThat(run.maxReplicas()).isBetween(2, KafkaSandboxBroker.PARTITIONS);
        assertThat(run.atZero()).isTrue();
        e2e.remove(name);
    }

    @Test
    void aBrokerRestartInTheMiddleOfARunLosesNothing() {
        String name = "kafka-restarted";
        DemoRun run = e2e.run(name);
        run.apply(e2e.example(name, Map.of("ECHO_DELAY_MS", "1000")));
        Tally tally = new Tally(run.send("restarted", 200, Map.of()).keySet());
        CompletableFuture<Void> collecting = CompletableFuture.runAsync(() -> {
            run.collect(tally, EndToEndSandbox.WAIT, run::atZero);
            run.collect(tally, Duration.ofSeconds(2), () -> false);
        });

        await().atMost(EndToEndSandbox.WAIT).until(() -> tally.answered() >= 40);
        int answeredAtRestart = tally.answered();
        System.out.printf("[broker restart] Kafka broker stopping with %d of 200 answered%n", answeredAtRestart);
        e2e.broker().restart();
        int answeredAfterRestart = tally.answered();
        System.out.printf("[broker restart] Kafka broker back with %d of 200 answered%n", answeredAfterRestart);
        collecting.join();

        E2eReport.line("kafka broker restart mid-run", tally, "broker stopped at %d answered, back at %d; replicas back to %s"
                .formatted(answeredAtRestart, answeredAfterRestart, run.atZero() ? "0" : "not 0"));
        assertThat(answeredAfterRestart).as("answered when the broker was back").isLessThan(200);
        assertThat(tally.lost()).isZero();
        assertThat(tally.withStatus("SUCCESS")).isEqualTo(200);
        assertThat(tally.unexpected()).isZero();
        e2e.remove(name);
    }
}
