package io.asyncservice.sandbox.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.asyncservice.sandbox.Sandbox;
import io.asyncservice.sandbox.broker.BrokerMessage;
import io.asyncservice.sandbox.broker.SqsSandboxBroker;
import io.asyncservice.sandbox.demo.DemoRun;
import io.asyncservice.sandbox.demo.Tally;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * SQS end to end: kubectl applies the sandbox's example, the real operator renders and scales it, the real sidecar
 * delivers to the EchoApp, and every message comes back exactly once: as SUCCESS when the app answers 2xx, even
 * after 503s, and in the dead letter when it answers 400.
 */
@ExtendWith(SharedSandbox.class)
class SqsDeliveryIT {

    private static EndToEndSandbox e2e;

    @BeforeAll
    static void start(Sandbox sandbox, @TempDir Path dir) {
        e2e = EndToEndSandbox.start(sandbox, SqsSandboxBroker.start(), dir);
    }

    @AfterAll
    static void stop() {
        if (e2e != null) {
            e2e.close();
        }
    }

    @Test
    void twoHundredMessagesAppliedWithKubectlComeBackOnceEachWhileReplicasGoZeroToNToZero() {
        String name = "sqs-e2e";
        assertThat(e2e.kubectl().apply(e2e.example(name, Map.of())).ok())
                .contains("asyncservice.asyncservice.io/" + name + " created");
        await().atMost(EndToEndSandbox.WAIT).until(() -> "0".equals(columns(name).get("REPLICAS"))
                && "0".equals(columns(name).get("BACKLOG")));
        DemoRun run = e2e.run(name);
        assertThat(run.atZero()).isTrue();

        Map<String, Integer> most = new ConcurrentHashMap<>();
        ScheduledExecutorService kubectlGet = Executors.newSingleThreadScheduledExecutor();
        kubectlGet.scheduleWithFixedDelay(() -> {
            Map<String, String> row = columns(name);
            most.merge("REPLICAS", number(row.get("REPLICAS")), Math::max);
            most.merge("BACKLOG", number(row.get("BACKLOG")), Math::max);
        }, 0, 1, TimeUnit.SECONDS);
        Tally tally = new Tally(run.send("sqs", 200, Map.of()).keySet());
        try {
            run.collect(tally, EndToEndSandbox.WAIT, run::atZero);
        } finally {
            kubectlGet.shutdownNow();
        }

        E2eReport.line("sqs 200 messages", tally, "replicas 0 -> %d -> %s; kubectl get asvc saw REPLICAS up to %s, BACKLOG up to %s"
                .formatted(run.maxReplicas(), run.atZero() ? "0" : "not 0", most.get("REPLICAS"), most.get("BACKLOG")));
        assertThat(tally.lost()).isZero();
        assertThat(tally.duplicates()).isZero();
        assertThat(tally.withStatus("SUCCESS")).isEqualTo(200);
        assertThat(tally.unexpected()).isZero();
        assertThat(run.maxReplicas()).isGreaterThanOrEqualTo(2);
        assertThat(run.atZero()).isTrue();
        assertThat(most.get("REPLICAS")).isGreaterThanOrEqualTo(2);
        assertThat(most.get("BACKLOG")).isPositive();
        await().atMost(EndToEndSandbox.WAIT).untilAsserted(() -> assertThat(columns(name))
                .containsEntry("REPLICAS", "0").containsEntry("BACKLOG", "0").containsKeys("READY", "AGE"));
        assertThat(e2e.kubectl().run("describe", "asvc", name).ok())
                .as("kubectl describe, with the scaler's Events").contains("Events:", "Scaled from 0 to");
        // One status writer: the operator's log, since the shared sandbox started, shows no refused write.
        assertThat(e2e.kubectl().run("-n", Sandbox.OPERATOR_NAMESPACE, "logs", "deploy/" + Sandbox.RELEASE).ok().lines()
                .filter(l -> l.contains("code=409") || l.contains("reason=Conflict") || l.contains("the object has been modified")))
                .as("operator log lines about write conflicts").isEmpty();
        e2e.remove(name);
    }

    @Test
    void anAppFailingThirtyPercentWith503StillGetsEveryMessageToSuccessWithinMaxAttempts() {
        String name = "sqs-flaky";
        DemoRun run = e2e.run(name);
        run.apply(e2e.example(name, Map.of("ECHO_FAILURE_RATE", "0.3", "MAX_ATTEMPTS", "10")));
        Tally tally = new Tally(run.send("flaky", 100, Map.of()).keySet());

        run.collect(tally, EndToEndSandbox.WAIT, () -> true);
        run.collect(tally, Duration.ofSeconds(3), () -> false);

        E2eReport.line("sqs app answers 503 to 30%", tally, "");
        assertThat(tally.withStatus("SUCCESS")).isEqualTo(100);
        assertThat(tally.lost()).isZero();
        assertThat(tally.duplicates()).isZero();
        assertThat(tally.withStatus(BrokerMessage.DEAD_LETTER)).isZero();
        e2e.remove(name);
    }

    @Test
    void anAppAnswering400SendsEveryMessageToTheDeadLetterExactlyOnce() {
        String name = "sqs-rejecting";
        DemoRun run = e2e.run(name);
        run.apply(e2e.example(name, Map.of("ECHO_STATUS", "400")));
        Tally tally = new Tally(run.send("rejected", 50, Map.of()).keySet());

        run.collect(tally, EndToEndSandbox.WAIT, () -> true);
        run.collect(tally, Duration.ofSeconds(3), () -> false);

        E2eReport.line("sqs app answers 400", tally, "");
        assertThat(tally.withStatus(BrokerMessage.DEAD_LETTER)).isEqualTo(50);
        assertThat(tally.received()).isEqualTo(50);
        assertThat(tally.lost()).isZero();
        assertThat(tally.duplicates()).isZero();
        e2e.remove(name);
    }

    private static Map<String, String> columns(String name) {
        return AsvcColumns.parse(e2e.kubectl().run("get", "asvc", name).ok());
    }

    private static int number(String cell) {
        return cell == null || cell.isBlank() || cell.equals("<none>") ? 0 : Integer.parseInt(cell);
    }
}
