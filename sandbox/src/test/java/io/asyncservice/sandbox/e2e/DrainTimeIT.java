package io.asyncservice.sandbox.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.asyncservice.sandbox.Sandbox;
import io.asyncservice.sandbox.broker.SandboxBroker;
import io.asyncservice.sandbox.demo.DemoRun;
import io.asyncservice.sandbox.demo.Tally;
import io.fabric8.kubernetes.api.model.Event;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code targetDrainTime} on slow jobs: 40 jobs of 2 s each at concurrency 1 on RabbitMQ, {@code targetDrainTime: 10s}.
 * A replica finishes at most 0.5 jobs a second, so the formula asks for ceil(backlog / (0.5 × 10)) replicas. Until
 * the sidecars' counters give a rate, the scaler falls back to the default 10 per replica; once they do, it scales to
 * what the formula predicts from the rate it measured, within 1, and its Events say why.
 */
@ExtendWith(SharedSandbox.class)
class DrainTimeIT {

    private static final int MAX_REPLICAS = 10;
    private static final Pattern DRAIN_TIME_DECISION = Pattern.compile(
            "Scaled from (\\d+) to (\\d+): backlog (\\d+), ([0-9.]+) msg/s per replica, target drain time 10s");

    @Test
    void slowJobsScaleToTheReplicasTheDrainTimeFormulaPredicts(Sandbox sandbox, @TempDir Path dir) {
        try (EndToEndSandbox e2e = EndToEndSandbox.start(sandbox, SandboxBroker.start("amqp"), dir)) {
            String name = "amqp-drain-time";
            DemoRun run = e2e.run(name);
            run.apply(BusyAwareScaleInIT.withAutoscaling(e2e.example(name, Map.of("CONCURRENCY", "1", "ECHO_DELAY_MS", "2000")), """
                      autoscaling:
                        minReplicas: 0
                        maxReplicas: %d
                        targetDrainTime: 10s
                        drainRateWindow: 20s
                        pollingInterval: 1s
                        cooldownPeriod: 5s
                        scaleDownStabilization: 5s
                    """.formatted(MAX_REPLICAS)));
            Tally tally = new Tally(run.send("job", 40, Map.of()).keySet());
            run.collect(tally, EndToEndSandbox.WAIT, run::atZero);

            List<String> decisions = events(e2e, name).stream().map(Event::getMessage)
                    .filter(m -> DRAIN_TIME_DECISION.matcher(m).find()).toList();
            E2eReport.line("amqp drain time", tally, "replicas 0 -> %d -> %s; drain-time decisions: %s"
                    .formatted(run.maxReplicas(), run.atZero() ? "0" : "not 0", decisions));
            assertThat(decisions).as("Events that scaled on the measured rate").isNotEmpty();
            for (String decision : decisions) {
                Matcher m = DRAIN_TIME_DECISION.matcher(decision);
                assertThat(m.find()).isTrue();
                int from = Integer.parseInt(m.group(1));
                int to = Integer.parseInt(m.group(2));
                long backlog = Long.parseLong(m.group(3));
                double rate = Double.parseDouble(m.group(4));
                assertThat(rate).as("completions a second per replica of 2 s jobs, one at a time: %s", decision)
                        .isGreaterThan(0).isLessThanOrEqualTo(0.6);
                long predicted = Math.max(1, Math.min(MAX_REPLICAS, (long) Math.ceil(backlog / (rate * 10))));
                if (to > from) {
                    assertThat((long) to).as(decision).isBetween(predicted - 1, predicted + 1);
                } else {
                    // scale-down stabilization may keep more than the formula asks for, never fewer
                    assertThat((long) to).as(decision).isGreaterThanOrEqualTo(predicted - 1);
                }
            }
            assertThat(tally.lost()).isZero();
            assertThat(tally.duplicates()).isZero();
            assertThat(tally.withStatus("SUCCESS")).isEqualTo(40);
            assertThat(run.atZero()).isTrue();
            e2e.remove(name);
        }
    }

    private static List<Event> events(EndToEndSandbox e2e, String name) {
        return e2e.client().v1().events().inNamespace("default").list().getItems().stream()
                .filter(e -> e.getInvolvedObject() != null && name.equals(e.getInvolvedObject().getName())
                        && "AsyncService".equals(e.getInvolvedObject().getKind()))
                .toList();
    }
}
