package io.asyncservice.sandbox.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.asyncservice.sandbox.Sandbox;
import io.asyncservice.sandbox.broker.SqsSandboxBroker;
import io.asyncservice.sandbox.demo.DemoRun;
import io.asyncservice.sandbox.demo.Tally;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * SQS under faults: sidecars killed with SIGKILL while messages flow (nothing lost; duplicates are the price of
 * at-least-once and are reported), and a scale-down while every replica is busy with a slow message (the drain
 * finishes them: nothing lost, nothing processed twice).
 */
@ExtendWith(SharedSandbox.class)
class SqsFaultsIT {

    private static EndToEndSandbox e2e;
    private static SqsSandboxBroker sqs;
    private static Path dir;

    @BeforeAll
    static void start(Sandbox sandbox, @TempDir Path tempDir) {
        dir = tempDir;
        sqs = SqsSandboxBroker.start();
        e2e = EndToEndSandbox.start(sandbox, sqs, dir);
    }

    @AfterAll
    static void stop() {
        if (e2e != null) {
            e2e.close();
        }
    }

    @Test
    void killingARandomSidecarEveryThreeSecondsLosesNothing() {
        String name = "sqs-killed";
        DemoRun run = e2e.run(name);
        run.apply(e2e.example(name, Map.of("VISIBILITY_TIMEOUT", "10s")));
        Tally tally = new Tally(run.send("killed", 300, Map.of()).keySet());

        try (SidecarKiller killer = new SidecarKiller(() -> e2e.pods(name), () -> tally.answered() < 240).every(3)) {
            run.collect(tally, EndToEndSandbox.WAIT, () -> sqs.backlog(name) == 0);
            run.collect(tally, Duration.ofSeconds(2), () -> false);

            E2eReport.line("sqs kill -9 a sidecar every 3 s", tally, "%d sidecars killed, %d seen restarted"
                    .formatted(killer.kills(), killer.restartsSeen()));
            assertThat(killer.kills()).isPositive();
            assertThat(killer.restartsSeen()).isPositive();
        }
        assertThat(tally.lost()).isZero();
        assertThat(tally.withStatus("SUCCESS")).isEqualTo(300);
        assertThat(tally.unexpected()).isZero();
        e2e.remove(name);
    }

    @Test
    void scalingDownWhileEveryReplicaIsBusyDrainsTheWorkAndProcessesNothingTwice() throws IOException {
        String name = "sqs-draining";
        Path processed = dir.resolve(name + "-processed.txt");
        DemoRun run = e2e.run(name);
        String yaml = EndToEndSandbox.recordingProcessedIds(EndToEndSandbox.withFixedReplicas(
                e2e.example(name, Map.of("ECHO_DELAY_MS", "5000", "CONCURRENCY", "1")), 3), processed);
        e2e.kubectl().apply(yaml).ok();
        await().atMost(EndToEndSandbox.WAIT).until(() -> readyReplicas(name) == 3);
        Tally tally = new Tally(run.send("slow", 6, Map.of()).keySet());
        await().atMost(EndToEndSandbox.WAIT).until(() -> sqs.inFlight(name) >= 3);

        e2e.kubectl().run("scale", "asvc/" + name, "--replicas=1").ok();
        run.collect(tally, EndToEndSandbox.WAIT, () -> sqs.backlog(name) == 0 && e2e.pods(name).size() == 1);
        run.collect(tally, Duration.ofSeconds(2), () -> false);

        Map<String, Long> timesProcessed = lines(processed).stream().filter(l -> !l.isBlank())
                .collect(Collectors.groupingBy(Function.identity(), Collectors.counting()));
        E2eReport.line("sqs scale-down 3 -> 1 with every replica busy", tally,
                "the app processed %d ids, %d of them more than once".formatted(timesProcessed.size(),
                        timesProcessed.values().stream().filter(n -> n > 1).count()));
        assertThat(tally.lost()).isZero();
        assertThat(tally.duplicates()).isZero();
        assertThat(tally.withStatus("SUCCESS")).isEqualTo(6);
        assertThat(timesProcessed).hasSize(6).allSatisfy((id, n) -> assertThat(n).as(id).isEqualTo(1L));
        assertThat(e2e.pods(name)).hasSize(1);
        e2e.remove(name);
    }

    private static int readyReplicas(String name) {
        Deployment d = e2e.client().apps().deployments().withName(name).get();
        return d == null || d.getStatus() == null || d.getStatus().getReadyReplicas() == null ? 0
                : d.getStatus().getReadyReplicas();
    }

    private static List<String> lines(Path file) throws IOException {
        return Files.exists(file) ? Files.readAllLines(file) : List.of();
    }
}
