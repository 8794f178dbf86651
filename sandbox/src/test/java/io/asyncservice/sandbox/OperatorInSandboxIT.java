package io.asyncservice.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.asyncservice.api.v1alpha1.AsyncService;
import io.asyncservice.sandbox.demo.ExampleTemplate;
import io.asyncservice.sandbox.pods.JavaCommand;
import io.asyncservice.sandbox.pods.LocalPod;
import io.asyncservice.sandbox.pods.PodRunnerSettings;
import io.asyncservice.sandbox.pods.TestingFakeSidecar;
import io.asyncservice.testing.helm.Helm;
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
 * The sandbox as a user meets it: a real Kubernetes control plane, the operator installed with {@code helm install}
 * and running as a pod with the chart's RBAC, and kubectl and helm working against it. kubectl applies the sandbox's
 * SQS example with fixed replicas, the operator renders the Deployment, the process kubelet runs its pods, and the
 * sidecar process gets exactly the environment the operator rendered, secretKeyRefs resolved, with only the ports
 * remapped. The sidecar here is {@link TestingFakeSidecar}; the real one is exercised by the end-to-end tests.
 */
class OperatorInSandboxIT {

    private static final Duration WAIT = Duration.ofSeconds(90);

    private static Sandbox sandbox;
    private static KubectlCli kubectl;

    @BeforeAll
    static void start(@TempDir Path dir) throws IOException {
        PodRunnerSettings pods = PodRunnerSettings.defaults(dir.resolve("work"), Path.of("unused.jar"))
                .withSidecarCommand(JavaCommand.mainClass(TestingFakeSidecar.class.getName(), "48m"));
        sandbox = Sandbox.start(dir.resolve("work"), 0, pods);
        kubectl = KubectlCli.of(sandbox, Files.createDirectories(dir.resolve("home")));
    }

    @AfterAll
    static void stop() {
        if (sandbox != null) {
            sandbox.close();
        }
    }

    @Test
    void kubectlAndHelmMeetARealClusterWithTheOperatorInstalledByItsChart() {
        assertThat(kubectl.run("version").ok()).contains("Server Version: " + sandbox.kubernetesVersion());
        assertThat(helm("list", "--all-namespaces")).containsPattern(
                Sandbox.RELEASE + "\\s+" + Sandbox.OPERATOR_NAMESPACE + "\\s+1\\s+.*deployed");
        assertThat(kubectl.run("-n", Sandbox.OPERATOR_NAMESPACE, "get", "pods").ok())
                .containsPattern(Sandbox.RELEASE + "-\\S+\\s+1/1\\s+Running");
        assertThat(kubectl.run("-n", Sandbox.OPERATOR_NAMESPACE, "logs", "deploy/" + Sandbox.RELEASE).ok())
                .as("the operator's own log, through kubectl logs").isNotBlank();

        String test = sandbox.helmTest();

        assertThat(test).contains("TEST SUITE:", Sandbox.RELEASE + "-test-health", "Phase:          Succeeded");
    }

    @Test
    void theApiServerRefusesAnInvalidAsyncServiceWithTheCrdsMessage() {
        String yaml = ExampleTemplate.render("sqs", values("invalid")).replaceAll("concurrency: \\S+", "concurrency: 0");
        assertThat(yaml).contains("concurrency: 0");

        KubectlCli.Result result = kubectl.apply(yaml);

        assertThat(result.exitCode()).isNotZero();
        assertThat(result.stderr()).contains("spec.delivery.concurrency", "should be greater than or equal to 1");
        assertThat(sandbox.client().resources(AsyncService.class).withName("invalid").get()).isNull();
    }

    @Test
    void getWatchAndRolloutStatusFollowTheAsyncService() throws Exception {
        kubectl.apply(fixedReplicas(ExampleTemplate.render("sqs", values("watched")), 1)).ok();
        await().atMost(WAIT).until(() -> sandbox.client().apps().deployments().withName("watched").get() != null);
        assertThat(kubectl.run("rollout", "status", "deploy/watched", "--timeout=90s").ok())
                .contains("deployment \"watched\" successfully rolled out");

        try (KubectlCli.Watch watch = kubectl.watch("get", "asvc", "watched", "--watch")) {
            await().atMost(WAIT).until(() -> watch.output().contains("watched"));
            kubectl.run("scale", "asvc/watched", "--replicas=2").ok();

            await().atMost(WAIT).untilAsserted(() -> assertThat(watch.output().lines()
                    .filter(l -> l.startsWith("watched")).map(l -> l.split("\\s+"))
                    .map(cells -> cells[cells.length - 1])).contains("1", "2"));
        }
        assertThat(kubectl.run("rollout", "status", "deploy/watched", "--timeout=90s").ok())
                .contains("successfully rolled out");
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

    private static String helm(String... args) {
        List<String> all = new java.util.ArrayList<>(List.of(args));
        all.addAll(List.of("--kubeconfig", sandbox.kubeconfig().toString()));
        return Helm.run(sandbox.kubeconfig().getParent(), all.toArray(String[]::new));
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
