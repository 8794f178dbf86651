package io.asyncservice.sandbox.e2e;

import static org.awaitility.Awaitility.await;

import io.asyncservice.api.v1alpha1.AsyncService;
import io.asyncservice.sandbox.Sandbox;
import io.asyncservice.sandbox.KubectlCli;
import io.asyncservice.sandbox.broker.SandboxBroker;
import io.asyncservice.sandbox.demo.DemoRun;
import io.asyncservice.sandbox.demo.ExampleTemplate;
import io.asyncservice.sandbox.pods.LocalPod;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The whole system for one end-to-end test class: one real broker, and the {@link SharedSandbox} (a real control
 * plane, the process kubelet with the real sidecar jar and the EchoApp, the real operator installed with helm). Each
 * test deploys its own AsyncService (its own queues) from the sandbox's example, with autoscaling times short enough
 * for 0 → N → 0 in seconds.
 */
final class EndToEndSandbox implements AutoCloseable {

    static final String SIDECAR = "asyncservice-sidecar";
    static final Duration WAIT = Duration.ofMinutes(4);

    /** The example's knobs for tests: scale up at once, back to zero 5 s after the backlog is gone. */
    private static final Map<String, String> QUICK = Map.of(
            "MAX_REPLICAS", "4",
            "COOLDOWN", "5s",
            "STABILIZATION", "3s");

    private final SandboxBroker broker;
    private final Sandbox sandbox;
    private final KubectlCli kubectl;

    private EndToEndSandbox(SandboxBroker broker, Sandbox sandbox, KubectlCli kubectl) {
        this.broker = broker;
        this.sandbox = sandbox;
        this.kubectl = kubectl;
    }

    /** The tests' view of {@code sandbox} around {@code broker}, which it then owns. */
    static EndToEndSandbox start(Sandbox sandbox, SandboxBroker broker, Path dir) {
        try {
            return new EndToEndSandbox(broker, sandbox, KubectlCli.of(sandbox,
                    Files.createDirectories(dir.resolve("kubectl-home"))));
        } catch (IOException e) {
            broker.close();
            throw new UncheckedIOException(e);
        }
    }

    SandboxBroker broker() {
        return broker;
    }

    KubernetesClient client() {
        return sandbox.client();
    }

    KubectlCli kubectl() {
        return kubectl;
    }

    /** Where the kubelet keeps each pod's directory, container logs included, also of deleted pods. */
    Path podsDir() {
        return sandbox.kubeconfig().getParent().resolve("pods");
    }

    /** The example for {@code name}, on fresh queues of the broker, with the quick autoscaling and {@code overrides}. */
    String example(String name, Map<String, String> overrides) {
        Map<String, String> values = new HashMap<>(QUICK);
        values.putAll(broker.provision(name));
        values.putAll(overrides);
        return ExampleTemplate.render(broker.kind(), values);
    }

    /** A run of {@code name} that prints its live line, prefixed with the name, to stdout. */
    DemoRun run(String name) {
        return new DemoRun(sandbox.client(), broker, name, prefixed("[" + name + "] "));
    }

    /** The pods of {@code name} that run locally now. */
    List<LocalPod> pods(String name) {
        return sandbox.pods().pods().stream().filter(p -> p.name().startsWith(name + "-")).toList();
    }

    /** Deletes the AsyncService, waits until its pods have drained and stopped, and deletes its queues. */
    void remove(String name) {
        sandbox.client().resources(AsyncService.class).withName(name).delete();
        await().atMost(WAIT).until(() -> pods(name).isEmpty()
                && sandbox.client().pods().withLabel("app.kubernetes.io/instance", name).list().getItems().isEmpty());
        broker.deprovision(name);
    }

    /**
     * Removes every AsyncService the class left (a failed test may leave one), waits until their pods are gone, and
     * closes the broker; the sandbox stays for the next class.
     */
    @Override
    public void close() {
        try {
            sandbox.client().resources(AsyncService.class).inNamespace("default").delete();
            await().atMost(WAIT).until(() -> sandbox.client().pods().inNamespace("default").list().getItems().isEmpty()
                    && sandbox.pods().pods().stream().noneMatch(p -> "default".equals(p.namespace())));
        } finally {
            broker.close();
        }
    }

    /** The example with fixed replicas instead of autoscaling. */
    static String withFixedReplicas(String yaml, int replicas) {
        return yaml.substring(0, yaml.indexOf("  autoscaling:")) + "  replicas: " + replicas + "\n";
    }

    /** The example with the EchoApp appending each request id it answered with 2xx to {@code file}. */
    static String recordingProcessedIds(String yaml, Path file) {
        String anchor = "            - { name: ECHO_STATUS,";
        if (!yaml.contains(anchor)) {
            throw new IllegalArgumentException("the example has no ECHO_STATUS variable to add ECHO_RECORD_FILE after");
        }
        return yaml.replace(anchor, "            - { name: ECHO_RECORD_FILE, value: \"" + file + "\" }\n" + anchor);
    }

    private static PrintStream prefixed(String prefix) {
        return new PrintStream(OutputStream.nullOutputStream(), true, StandardCharsets.UTF_8) {
            @Override
            public void println(String line) {
                System.out.println(prefix + line);
            }
        };
    }
}
