package io.asyncservice.sandbox.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.asyncservice.sandbox.Sandbox;
import io.asyncservice.sandbox.demo.DemoRun;
import io.asyncservice.sandbox.demo.Tally;
import io.asyncservice.sandbox.broker.SandboxBroker;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Scale-in removes an idle replica, never the busy one. Replicas at concurrency 1 on RabbitMQ, minReplicas 2: two
 * medium jobs hold the two replicas, then a long job and two short ones wait, and that backlog of 3 makes the scaler
 * add a third replica, the newest, which takes the long job (the queue's head). The short ones follow the medium ones
 * on the older replicas. Once the backlog is gone and the scale-down stabilization has passed, the scaler goes back to
 * 2, while the long job still runs. The ReplicaSet controller alone would delete the newest pod, the busy one; the
 * scaler's deletion costs must make it delete an idle one. The long job then ends on the pod it started on: its output
 * comes once, and nothing is lost.
 *
 * <p>{@code -De2e.scaleInCycles=N} repeats the cycle N times in one run (1 by default, to keep the suite short); each
 * scale-down is checked from the sidecars' own {@code /load}, read just before the pod is marked for deletion.
 */
@ExtendWith(SharedSandbox.class)
class BusyAwareScaleInIT {

    private static final int CYCLES = Integer.getInteger("e2e.scaleInCycles", 1);
    private static final String AUTOSCALING = """
              autoscaling:
                minReplicas: 2
                maxReplicas: 3
                targetBacklogPerReplica: 1
                pollingInterval: 1s
                cooldownPeriod: 5s
                scaleDownStabilization: 12s
            """;

    @Test
    void aScaleDownDeletesAnIdleReplicaWhileTheBusyOneFinishesItsJob(Sandbox sandbox, @TempDir Path dir) {
        try (EndToEndSandbox e2e = EndToEndSandbox.start(sandbox, SandboxBroker.start("amqp"), dir)) {
            String name = "amqp-scale-in";
            DemoRun run = e2e.run(name);
            run.apply(withAutoscaling(e2e.example(name, Map.of("CONCURRENCY", "1")), AUTOSCALING));
            PodLoadWatch watch = new PodLoadWatch(e2e.client(), name);
            await().atMost(EndToEndSandbox.WAIT).until(() -> watch.readyPods() == 2);

            List<Tally> tallies = new ArrayList<>();
            for (int cycle = 1; cycle <= CYCLES; cycle++) {
                Set<String> sent = new HashSet<>();
                sent.addAll(run.send("c" + cycle + "-medium", 2, Map.of("delay_ms", 5_000)).keySet());
                await().atMost(EndToEndSandbox.WAIT).until(() -> watch.busyPods() == 2);
                sent.addAll(run.send("c" + cycle + "-long", 1, Map.of("delay_ms", 25_000)).keySet());
                sent.addAll(run.send("c" + cycle + "-short", 2, Map.of("delay_ms", 100)).keySet());
                int before = watch.scaleDowns().size();
                await().atMost(EndToEndSandbox.WAIT).pollInterval(Duration.ofMillis(100)).until(() -> {
                    watch.look();
                    return watch.scaleDowns().size() > before;
                });
                Tally tally = new Tally(sent);
                tallies.add(tally);
                run.collect(tally, EndToEndSandbox.WAIT, () -> true);
                assertThat(tally.complete()).as("every output of cycle %d", cycle).isTrue();
                await().atMost(EndToEndSandbox.WAIT).until(() -> watch.readyPods() == 2 && watch.busyPods() == 0);
            }

            List<PodLoadWatch.ScaleDown> downs = watch.scaleDowns();
            long withABusyPod = downs.stream().filter(d -> d.busyLeft() > 0).count();
            long busyDeleted = downs.stream().filter(d -> d.deletedWasBusy()).count();
            int lost = tallies.stream().mapToInt(Tally::lost).sum();
            int duplicates = tallies.stream().mapToInt(Tally::duplicates).sum();
            int succeeded = tallies.stream().mapToInt(t -> t.withStatus("SUCCESS")).sum();
            E2eReport.line("amqp scale-in (last cycle)", tallies.get(tallies.size() - 1), ("cycles %d, scale-downs %d,"
                    + " with a busy pod running %d, busy pods deleted %d; all cycles: SUCCESS %d of %d, lost %d,"
                    + " duplicates %d").formatted(CYCLES, downs.size(), withABusyPod, busyDeleted, succeeded, 5 * CYCLES,
                    lost, duplicates));
            assertThat(lost).isZero();
            assertThat(duplicates).as("a job done twice").isZero();
            assertThat(succeeded).isEqualTo(5 * CYCLES);
            assertThat(downs).as("scale-downs seen").hasSizeGreaterThanOrEqualTo(CYCLES);
            assertThat(withABusyPod).as("scale-downs that had a busy pod to spare").isEqualTo(CYCLES);
            assertThat(busyDeleted).as("busy pods deleted while an idle one ran").isZero();
            e2e.remove(name);
        }
    }

    /** The example with {@code block} as its autoscaling section (the example's is last in its spec). */
    static String withAutoscaling(String yaml, String block) {
        return yaml.substring(0, yaml.indexOf("  autoscaling:")) + block;
    }

    /**
     * Follows one service's pods: what each sidecar's {@code /load} said at the last look, and, for each pod that got a
     * deletion timestamp since, whether it was busy then and how many busy pods stayed.
     */
    static final class PodLoadWatch {

        record ScaleDown(String pod, boolean deletedWasBusy, int busyLeft) {
        }

        private final KubernetesClient client;
        private final String name;
        private final Map<String, Integer> lastInFlight = new HashMap<>();
        private final Set<String> terminating = new HashSet<>();
        private final List<ScaleDown> scaleDowns = new ArrayList<>();

        PodLoadWatch(KubernetesClient client, String name) {
            this.client = client;
            this.name = name;
        }

        synchronized List<ScaleDown> scaleDowns() {
            return List.copyOf(scaleDowns);
        }

        synchronized int readyPods() {
            look();
            return (int) pods().stream().filter(p -> p.getMetadata().getDeletionTimestamp() == null
                    && p.getStatus().getConditions().stream()
                    .anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()))).count();
        }

        synchronized int busyPods() {
            look();
            return (int) lastInFlight.values().stream().filter(n -> n > 0).count();
        }

        /** Reads every running pod's load; records each pod newly marked for deletion against the previous look. */
        synchronized void look() {
            Map<String, Integer> now = new HashMap<>();
            for (Pod p : pods()) {
                String pod = p.getMetadata().getName();
                if (p.getMetadata().getDeletionTimestamp() != null) {
                    if (terminating.add(pod) && lastInFlight.containsKey(pod)) {
                        int busyLeft = (int) lastInFlight.entrySet().stream()
                                .filter(e -> !e.getKey().equals(pod) && e.getValue() > 0).count();
                        scaleDowns.add(new ScaleDown(pod, lastInFlight.get(pod) > 0, busyLeft));
                    }
                    continue;
                }
                SidecarLoadProbe.read(p).ifPresent(n -> now.put(pod, n));
            }
            lastInFlight.keySet().retainAll(now.keySet());
            lastInFlight.putAll(now);
        }

        private List<Pod> pods() {
            return client.pods().inNamespace("default").withLabel("app.kubernetes.io/instance", name).list().getItems();
        }
    }
}
