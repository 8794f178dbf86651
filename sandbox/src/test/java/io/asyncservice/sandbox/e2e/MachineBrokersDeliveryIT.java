package io.asyncservice.sandbox.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.asyncservice.sandbox.Sandbox;
import io.asyncservice.sandbox.broker.SandboxBroker;
import io.asyncservice.sandbox.demo.DemoRun;
import io.asyncservice.sandbox.demo.Tally;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * End to end on this machine's NATS JetStream and RabbitMQ, which outlive the sandbox: 200 messages come back once
 * each while the replicas go 0 → N → 0, and nothing from an earlier run is counted. On NATS the stream is new, and the
 * sidecar creates its durable consumer only when its first pod starts, so the scaler must wake the service from zero
 * before that consumer exists.
 */
@ExtendWith(SharedSandbox.class)
class MachineBrokersDeliveryIT {

    @ParameterizedTest
    @ValueSource(strings = {"nats", "amqp"})
    void twoHundredMessagesComeBackOnceEachWhileReplicasGoZeroToNToZero(String broker, Sandbox sandbox,
            @TempDir Path dir) {
        try (EndToEndSandbox e2e = EndToEndSandbox.start(sandbox, SandboxBroker.start(broker), dir)) {
            String name = broker + "-e2e";
            DemoRun run = e2e.run(name);
            run.apply(e2e.example(name, Map.of()));
            Tally tally = new Tally(run.send(broker, 200, Map.of()).keySet());

            run.collect(tally, EndToEndSandbox.WAIT, run::atZero);

            E2eReport.line(broker + " 200 messages", tally, "replicas 0 -> %d -> %s"
                    .formatted(run.maxReplicas(), run.atZero() ? "0" : "not 0"));
            assertThat(tally.lost()).isZero();
            assertThat(tally.duplicates()).isZero();
            assertThat(tally.unexpected()).as("outputs for ids never sent").isZero();
            assertThat(tally.withStatus("SUCCESS")).isEqualTo(200);
            assertThat(run.maxReplicas()).isPositive();
            assertThat(run.atZero()).isTrue();
            e2e.remove(name);
        }
    }
}
