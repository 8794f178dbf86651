package io.asyncservice.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.asyncservice.sandbox.api.KubectlCli;
import io.asyncservice.sandbox.demo.ExampleTemplate;
import io.asyncservice.sandbox.pods.JavaCommand;
import io.asyncservice.sandbox.pods.LocalPod;
import io.asyncservice.sandbox.pods.PodRunnerSettings;
import io.asyncservice.sandbox.pods.TestingFakeSidecar;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real operator (its own Main, in a child JVM) on the sandbox API, with the pod runner: kubectl applies the
 * sandbox's SQS example with fixed replicas, the operator renders the Deployment, the runner runs its pods, and the
 * sidecar process gets exactly the environment the operator rendered, secretKeyRefs resolved, with only the ports
 * remapped. The sidecar here is {@link TestingFakeSidecar}; the real one is exercised by the end-to-end tests.
 */
class OperatorInSandboxIT {

    private static final Duration WAIT = Duration.ofSeconds(90);

    private static Sandbox sandbox;
    private static KubectlCli kubectl;

    @BeforeAll
    static void start(@TempDir Path dir) throws IOException {
        assumeTrue(KubectlCli.available(), "kubectl is not on the PATH; this test needs the real binary");
        PodRunnerSettings pods = PodRunnerSettings.defaults(dir.resolve("work"), Path.of("unused.jar"))
                .withSidecarCommand(JavaCommand.mainClass(TestingFakeSidecar.class.getName(), "48m"));
        sandbox = Sandbox.start(dir.resolve("work"), 0, pods);
        kubectl = new KubectlCli(sandbox.kubeconfig(), Files.createDirectories(dir.resolve("home")));
    }

    @AfterAll
    static void stop() {
        if (sandbox != null) {
            sandbox.close();
        }
    }

    @Test
    void kubectlAppliesTheExampleAndTheOperatorsPodsRunLocally() throws Exception {
        String yaml = fixedReplicas(ExampleTemplate.render("sqs", values("fixed")), 2);

        assertThat(kubectl.apply(yaml).ok()).contains("asyncservice.asyncservice.io/fixed created");

        await().atMost(WAIT).until(() -> kubectl.run("get", "asvc", "fixed").ok().lines().skip(1)
                .anyMatch(l -> l.matches("fixed\\s+\\S+\\s+\\S*\\s*True\\s+2\\s*")));
        await().atMost(WAIT).until(() -> kubectl.run("get", "deploy").ok().matches("(?s).*fixed\\s+2/2\\s+2\\s+2.*"));
        assertThat(kubectl.run("get", "pods").ok()).containsPattern("fixed-\\S+\\s+2/2\\s+Running");

        Deployment deployment = sandbox.client().apps().deployments().withName("fixed").get();
        Container rendered = deployment.getSpec().getTemplate().getSpec().getContainers().stream()
                .filter(c -> c.getName().equals("asyncservice-sidecar")).findFirst().orElseThrow();
        LocalPod pod = sandbox.pods().pods().stream().filter(p -> p.name().startsWith("fixed-")).findFirst().orElseThrow();
        Map<String, String> env = environ(pod.pid("asyncservice-sidecar").orElseThrow());
        for (EnvVar var : rendered.getEnv()) {
            if (var.getName().equals("ASVC_CONFIG")) {
                assertThat(env.get("ASVC_CONFIG")).contains("\"namespace\":\"default\"", "\"name\":\"fixed\"")
                        .doesNotContain("\"port\":7979", "\"port\":8000");
            } else if (var.getValueFrom() != null && var.getValueFrom().getSecretKeyRef() != null) {
                if (!Boolean.TRUE.equals(var.getValueFrom().getSecretKeyRef().getOptional())) {
                    assertThat(env).containsEntry(var.getName(), "sandbox");
                }
            } else {
                assertThat(env).containsEntry(var.getName(), var.getValue());
            }
        }
        assertThat(env).containsKeys("ASVC_INPUT_AWS_ACCESS_KEY_ID", "ASVC_INPUT_AWS_SECRET_ACCESS_KEY");
        assertThat(env).doesNotContainKey("ASVC_INPUT_AWS_SESSION_TOKEN");
    }

    @Test
    void kubectlScaleAndDeleteReachThePods() {
        kubectl.apply(fixedReplicas(ExampleTemplate.render("sqs", values("scaled")), 1)).ok();
        await().atMost(WAIT).until(() -> readyPods("scaled") == 1);

        assertThat(kubectl.run("scale", "asvc/scaled", "--replicas=2").ok()).contains("scaled");
        await().atMost(WAIT).until(() -> readyPods("scaled") == 2);

        assertThat(kubectl.run("delete", "asvc", "scaled").ok()).contains("deleted");
        await().atMost(WAIT).until(() -> sandbox.client().apps().deployments().withName("scaled").get() == null
                && sandbox.client().pods().withLabel("app.kubernetes.io/instance", "scaled").list().getItems().isEmpty()
                && sandbox.pods().pods().stream().noneMatch(p -> p.name().startsWith("scaled-")));
    }

    private static long readyPods(String name) {
        Deployment d = sandbox.client().apps().deployments().withName(name).get();
        return d == null || d.getStatus() == null || d.getStatus().getReadyReplicas() == null ? 0
                : d.getStatus().getReadyReplicas();
    }

    private static Map<String, String> values(String name) {
        Map<String, String> values = new HashMap<>();
        values.put("NAME", name);
        values.put("SQS_ENDPOINT", "http://127.0.0.1:9");
        values.put("SQS_REGION", "elasticmq");
        for (String q : List.of("INPUT_URL", "OUTPUT_URL", "DEAD_LETTER_URL")) {
            values.put(q, "http://127.0.0.1:9/000000000000/" + name + "-" + q.toLowerCase());
        }
        return values;
    }

    /** The example with fixed replicas instead of autoscaling, so no scaler is involved. */
    private static String fixedReplicas(String yaml, int replicas) {
        return yaml.substring(0, yaml.indexOf("  autoscaling:")) + "  replicas: " + replicas + "\n";
    }

    private static Map<String, String> environ(long pid) throws IOException {
        Map<String, String> env = new HashMap<>();
        for (String entry : new String(Files.readAllBytes(Path.of("/proc/" + pid + "/environ")), StandardCharsets.UTF_8)
                .split("\0")) {
            int eq = entry.indexOf('=');
            if (eq > 0) {
                env.put(entry.substring(0, eq), entry.substring(eq + 1));
            }
        }
        return env;
    }
}
