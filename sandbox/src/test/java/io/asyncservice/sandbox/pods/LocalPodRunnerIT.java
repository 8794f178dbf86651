package io.asyncservice.sandbox.pods;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.asyncservice.sandbox.KubectlCli;
import io.asyncservice.testing.k8s.KubeControlPlane;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodIP;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The process kubelet on a real control plane, with real local processes: the example EchoApp as the app, and
 * {@link TestingFakeSidecar} as the sidecar (the real one is another module's). The Deployments here are plain
 * ones, so what moves their pods is kube-controller-manager's Deployment, ReplicaSet and garbage collector
 * controllers; the kubelet binds, runs, reports and stops.
 */
class LocalPodRunnerIT {

    private static final Duration WAIT = Duration.ofSeconds(60);

    private static KubeControlPlane plane;
    private static KubernetesClient client;
    private static LocalPodRunner runner;
    private static Path events;
    private static KubectlCli kubectl;
    private static final List<String> steps = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void start(@TempDir Path dir) throws IOException {
        plane = KubeControlPlane.start(dir.resolve("control-plane"));
        client = plane.adminClient();
        events = Files.createFile(dir.resolve("sidecar-events.txt"));
        client.secrets().resource(new SecretBuilder().withNewMetadata().withName("creds").endMetadata()
                .addToStringData("token", "s3cr3t").build()).create();
        PodRunnerSettings settings = PodRunnerSettings.defaults(dir.resolve("work"), Path.of("unused.jar"))
                .withSidecarCommand(JavaCommand.mainClass(TestingFakeSidecar.class.getName(), "48m"))
                .withListener((pod, container, step, detail) -> steps.add(pod + " " + container + " " + step + " " + detail));
        runner = LocalPodRunner.start(client, settings, plane::writeKubeconfig, "v-test");
        kubectl = new KubectlCli(plane.binDir().resolve("kubectl"), plane.kubeconfigPath(),
                Files.createDirectories(dir.resolve("home")));
    }

    @AfterAll
    static void stop() {
        if (runner != null) {
            runner.close();
        }
        if (plane != null) {
            plane.close();
        }
    }

    @Test
    void runsEachReplicaAsLocalProcessesOnItsOwnPorts() throws Exception {
        client.apps().deployments().resource(deployment("two", 2, 1500)).create();

        List<Pod> pods = awaitReadyPods("two", 2);

        await().atMost(WAIT).until(() -> {
            Deployment status = client.apps().deployments().withName("two").get();
            return status.getStatus() != null && Integer.valueOf(2).equals(status.getStatus().getReadyReplicas());
        });
        Deployment d = client.apps().deployments().withName("two").get();
        assertThat(d.getStatus().getUpdatedReplicas()).isEqualTo(2);
        assertThat(d.getStatus().getObservedGeneration()).isEqualTo(d.getMetadata().getGeneration());
        List<String> started = lines("started").stream().filter(l -> l.startsWith("two-")).toList();
        assertThat(started).hasSize(2);
        assertThat(started).allSatisfy(l -> assertThat(l).endsWith(" s3cr3t").doesNotContain(" 7979 ", " 8000 "));
        assertThat(started.get(0).split(" ")[2]).isNotEqualTo(started.get(1).split(" ")[2]);
        for (Pod pod : pods) {
            int appPort = hostPort(pod, 8000);
            HttpResponse<String> echo = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + appPort + "/work")).header("X-Request-Id", "r-1")
                    .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("{\"n\":1}"))
                    .build(), HttpResponse.BodyHandlers.ofString());
            assertThat(echo.statusCode()).isEqualTo(200);
            assertThat(echo.body()).contains("\"request_id\":\"r-1\"", "\"body\":{\"n\":1}");
        }
        String pod = pods.get(0).getMetadata().getName();
        assertThat(kubectl.run("logs", pod, "-c", "app").ok())
                .as("kubectl logs, through the API server's proxy to the kubelet")
                .contains("Echo app listening on 127.0.0.1:" + hostPort(pods.get(0), 8000));
        assertThat(kubectl.run("get", "pods", pod, "-o", "wide").ok())
                .containsPattern(pod + "\\s+2/2\\s+Running\\s+0\\s+\\S+\\s+"
                        + Pattern.quote(pods.get(0).getStatus().getPodIP()) + "\\s+" + LocalPodRunner.nodeName());
        assertThat(kubectl.run("get", "nodes").ok()).containsPattern(LocalPodRunner.nodeName() + "\\s+Ready");
    }

    @Test
    void eachPodAnswersAtItsOwnPodIpOnItsContainerPortsUntilItIsGone() throws Exception {
        client.apps().deployments().resource(deployment("addressed", 2, 100)).create();
        List<Pod> pods = awaitReadyPods("addressed", 2);

        List<String> ips = pods.stream().map(p -> p.getStatus().getPodIP()).toList();
        assertThat(ips).doesNotHaveDuplicates()
                .allSatisfy(ip -> assertThat(ip).startsWith("127.10.").isNotEqualTo("127.0.0.1"));
        HttpClient http = HttpClient.newBuilder().proxy(HttpClient.Builder.NO_PROXY).build();
        for (Pod pod : pods) {
            String name = pod.getMetadata().getName();
            String ip = pod.getStatus().getPodIP();
            assertThat(pod.getStatus().getPodIPs()).extracting(PodIP::getIp).containsExactly(ip);
            assertThat(pod.getStatus().getHostIP()).isEqualTo("127.0.0.1");
            assertThat(lines(name + " pod-ip ")).as("status.podIP in the downward API").contains(name + " pod-ip " + ip);
            HttpResponse<String> app = http.send(HttpRequest.newBuilder(URI.create("http://" + ip + ":8000/health"))
                    .build(), HttpResponse.BodyHandlers.ofString());
            assertThat(app.statusCode()).as("the app's containerPort at the pod IP").isEqualTo(200);
            assertThat(app.body()).contains("\"status\":\"ok\"");
            HttpResponse<String> sidecar = http.send(HttpRequest.newBuilder(URI.create("http://" + ip + ":7979/readyz"))
                    .build(), HttpResponse.BodyHandlers.ofString());
            assertThat(sidecar.statusCode()).as("the sidecar's containerPort at the pod IP").isEqualTo(200);
        }

        String gone = pods.get(0).getMetadata().getName();
        String goneIp = ips.get(0);
        client.pods().withName(gone).delete();
        await().atMost(WAIT).until(() -> client.pods().withName(gone).get() == null);

        assertThat(refused(goneIp, 8000)).as("the forward of a deleted pod's containerPort is closed").isTrue();
        assertThat(refused(goneIp, 7979)).isTrue();
        List<Pod> now = awaitReadyPods("addressed", 2);
        assertThat(now).extracting(p -> p.getStatus().getPodIP()).doesNotContain(goneIp).contains(ips.get(1));
        assertThat(refused(ips.get(1), 8000)).as("the other pod still answers").isFalse();
    }

    @Test
    void scaleDownRunsThePreStopDrainBeforeSigterm() {
        client.apps().deployments().resource(deployment("shrink", 2, 3000)).create();
        awaitReadyPods("shrink", 2);

        client.apps().deployments().withName("shrink").scale(1);

        await().atMost(WAIT).until(() -> pods("shrink").size() == 1);
        String removed = steps.stream().filter(s -> s.startsWith("shrink-") && s.contains("PRE_STOP_STARTED"))
                .findFirst().orElseThrow().split(" ")[0];
        await().atMost(WAIT).until(() -> steps.contains(removed + " asyncservice-sidecar EXITED after SIGTERM")
                || steps.stream().anyMatch(s -> s.startsWith(removed + " asyncservice-sidecar SIGKILL")));
        List<String> appSteps = steps.stream().filter(s -> s.startsWith(removed + " app "))
                .map(s -> s.substring((removed + " app ").length())).toList();
        assertThat(appSteps).hasSizeGreaterThanOrEqualTo(3);
        assertThat(appSteps.get(0)).startsWith("PRE_STOP_STARTED GET /drain on port 7979 (host port ");
        assertThat(appSteps.subList(1, 3)).containsExactly("PRE_STOP_FINISHED answered 200", "SIGTERM ");
        assertThat(lines(removed)).containsSubsequence(removed + " drain-start", removed + " drain-end app-up=true");
        assertThat(runner.pods()).noneMatch(p -> p.name().equals(removed));
    }

    @Test
    void restartsAContainerKilledWithSigkill() throws Exception {
        client.apps().deployments().resource(deployment("crash", 1, 100)).create();
        Pod pod = awaitReadyPods("crash", 1).get(0);
        LocalPod local = runner.pods().stream().filter(p -> p.name().equals(pod.getMetadata().getName())).findFirst()
                .orElseThrow();

        new ProcessBuilder("kill", "-9", String.valueOf(local.pid("asyncservice-sidecar").orElseThrow())).start().waitFor();

        await().atMost(WAIT).until(() -> {
            Pod p = client.pods().withName(pod.getMetadata().getName()).get();
            ContainerStatus sidecar = p.getStatus().getContainerStatuses().stream()
                    .filter(s -> s.getName().equals("asyncservice-sidecar")).findFirst().orElseThrow();
            return sidecar.getRestartCount() == 1 && Boolean.TRUE.equals(sidecar.getReady())
                    && sidecar.getLastState().getTerminated() != null;
        });
        assertThat(client.pods().withName(pod.getMetadata().getName()).get().getStatus().getContainerStatuses().stream()
                .filter(s -> s.getName().equals("asyncservice-sidecar")).findFirst().orElseThrow()
                .getLastState().getTerminated().getExitCode()).isEqualTo(137);
    }

    @Test
    void rollsThePodsWhenThePodTemplateChanges() {
        client.apps().deployments().resource(deployment("roll", 2, 100)).create();
        List<String> before = awaitReadyPods("roll", 2).stream().map(p -> p.getMetadata().getName()).toList();

        client.apps().deployments().withName("roll").patch(PatchContext.of(PatchType.JSON_MERGE),
                "{\"spec\":{\"template\":{\"metadata\":{\"annotations\":{\"asyncservice.io/config-hash\":\"v2\"}}}}}");

        await().atMost(WAIT).until(() -> {
            List<Pod> pods = pods("roll");
            return pods.size() == 2 && pods.stream().noneMatch(p -> before.contains(p.getMetadata().getName()))
                    && pods.stream().allMatch(LocalPodRunnerIT::ready);
        });
        await().atMost(WAIT).until(() -> Integer.valueOf(2).equals(
                client.apps().deployments().withName("roll").get().getStatus().getUpdatedReplicas()));
    }

    @Test
    void deletingTheDeploymentStopsItsPods() {
        client.apps().deployments().resource(deployment("gone", 1, 100)).create();
        String pod = awaitReadyPods("gone", 1).get(0).getMetadata().getName();

        client.apps().deployments().withName("gone").delete();

        await().atMost(WAIT).until(() -> pods("gone").isEmpty() && runner.pods().stream().noneMatch(p -> p.name().equals(pod)));
        // The sidecar drains on its own SIGTERM too (100 ms here) and may be gone before the app's preStop reaches
        // it, as on a cluster; the order that matters is that the app's SIGTERM waits for its preStop.
        assertThat(steps.stream().filter(s -> s.startsWith(pod + " app ")).map(s -> s.split(" ")[2]).toList())
                .containsSubsequence("PRE_STOP_STARTED", "PRE_STOP_FINISHED", "SIGTERM");
    }

    @Test
    void aContainerWithNoLocalCommandWaitsAndSaysWhy() {
        Deployment d = deployment("unknown", 1, 100);
        d.getSpec().getTemplate().getSpec().getContainers().get(0).setImage("nginx:1.27");
        client.apps().deployments().resource(d).create();

        await().atMost(WAIT).until(() -> pods("unknown").stream().anyMatch(p -> p.getStatus().getContainerStatuses() != null
                && p.getStatus().getContainerStatuses().stream().anyMatch(s -> s.getState().getWaiting() != null
                        && "SandboxNoLocalCommand".equals(s.getState().getWaiting().getReason()))));
        Pod pod = pods("unknown").get(0);
        assertThat(ready(pod)).isFalse();
        assertThat(pod.getStatus().getContainerStatuses().get(0).getState().getWaiting().getMessage())
                .contains("sandbox.asyncservice.io/command.app");
    }

    @Test
    void scaleInDeletesThePodWithTheLowestDeletionCostFirst() {
        client.apps().deployments().resource(deployment("costly", 2, 100)).create();
        List<Pod> pods = awaitReadyPods("costly", 2);
        String cheap = pods.get(0).getMetadata().getName();
        String dear = pods.get(1).getMetadata().getName();
        annotateDeletionCost(cheap, -100);
        annotateDeletionCost(dear, 100);

        client.apps().deployments().withName("costly").scale(1);

        await().atMost(WAIT).until(() -> pods("costly").stream().map(p -> p.getMetadata().getName()).toList()
                .equals(List.of(dear)));
        assertThat(steps).anyMatch(s -> s.startsWith(cheap + " app SIGTERM"));
        assertThat(steps).noneMatch(s -> s.startsWith(dear + " "));
    }

    @Test
    void aPodThatRunsToCompletionSucceedsAndReachesAServiceByName() {
        client.apps().deployments().resource(deployment("named", 1, 100)).create();
        awaitReadyPods("named", 1);
        client.services().resource(new ServiceBuilder().withNewMetadata().withName("echo").endMetadata()
                .withNewSpec().addToSelector("app", "named")
                .addNewPort().withPort(80).withTargetPort(new IntOrString(8000)).endPort().endSpec().build()).create();
        client.pods().resource(new PodBuilder().withNewMetadata().withName("once").endMetadata()
                .withNewSpec().withRestartPolicy("Never")
                .addNewContainer().withName("check").withImage("busybox:1.36.1")
                .withCommand("sh", "-c", "wget -q -O - http://echo.default.svc/health && echo && echo checked")
                .endContainer().endSpec().build()).create();

        await().atMost(WAIT).until(() -> "Succeeded".equals(client.pods().withName("once").get().getStatus().getPhase()));
        assertThat(client.pods().withName("once").get().getStatus().getContainerStatuses().get(0).getState()
                .getTerminated().getExitCode()).isZero();
        assertThat(kubectl.run("logs", "once").ok()).contains("{\"status\":\"ok\"}", "checked");

        client.pods().resource(new PodBuilder().withNewMetadata().withName("fails").endMetadata()
                .withNewSpec().withRestartPolicy("Never")
                .addNewContainer().withName("check").withImage("busybox:1.36.1")
                .withCommand("sh", "-c", "wget -q -T 5 -O - http://nothing.default.svc/health")
                .endContainer().endSpec().build()).create();
        await().atMost(WAIT).until(() -> "Failed".equals(client.pods().withName("fails").get().getStatus().getPhase()));
    }

    @Test
    void deletingAPodWaitsForItsProcessesToStopWithinTheGracePeriod() {
        client.apps().deployments().resource(deployment("graceful", 1, 2000)).create();
        String pod = awaitReadyPods("graceful", 1).get(0).getMetadata().getName();

        client.pods().withName(pod).delete();

        Pod terminating = client.pods().withName(pod).get();
        assertThat(terminating).as("the API server keeps a deleted pod until its kubelet has stopped it").isNotNull();
        assertThat(terminating.getMetadata().getDeletionTimestamp()).isNotNull();
        await().atMost(WAIT).until(() -> client.pods().withName(pod).get() == null);
        assertThat(lines(pod)).containsSubsequence(pod + " drain-start", pod + " drain-end app-up=true");
        assertThat(runner.pods()).noneMatch(p -> p.name().equals(pod));
    }

    private static void annotateDeletionCost(String pod, int cost) {
        client.pods().withName(pod).patch(PatchContext.of(PatchType.JSON_MERGE),
                "{\"metadata\":{\"annotations\":{\"controller.kubernetes.io/pod-deletion-cost\":\"" + cost + "\"}}}");
    }

    private static Deployment deployment(String name, int replicas, long drainMillis) {
        String config = "{\"namespace\":\"default\",\"name\":\"" + name + "\",\"port\":7979,"
                + "\"endpoint\":{\"port\":8000,\"path\":\"/work\",\"readinessPath\":\"/health\"}}";
        return new DeploymentBuilder()
                .withNewMetadata().withName(name).endMetadata()
                .withNewSpec()
                .withReplicas(replicas)
                .withNewSelector().addToMatchLabels("app", name).endSelector()
                .withNewTemplate()
                .withNewMetadata().addToLabels("app", name).addToAnnotations("asyncservice.io/config-hash", "v1").endMetadata()
                .withNewSpec()
                .withTerminationGracePeriodSeconds(15L)
                .addNewContainer().withName("app").withImage("example.com/echo:1")
                .addNewPort().withContainerPort(8000).endPort()
                .withNewLifecycle().withNewPreStop().withNewHttpGet().withPath("/drain").withPort(new IntOrString(7979))
                .endHttpGet().endPreStop().endLifecycle()
                .endContainer()
                .addNewContainer().withName("asyncservice-sidecar").withImage("ghcr.io/asyncservice/sidecar:0.1.0")
                .addNewPort().withName("asvc-sidecar").withContainerPort(7979).endPort()
                .addNewEnv().withName("ASVC_CONFIG").withValue(config).endEnv()
                .addNewEnv().withName("FAKE_EVENTS_FILE").withValue(events.toString()).endEnv()
                .addNewEnv().withName("FAKE_DRAIN_MS").withValue(String.valueOf(drainMillis)).endEnv()
                .addNewEnv().withName("POD_IP").withNewValueFrom().withNewFieldRef().withFieldPath("status.podIP")
                .endFieldRef().endValueFrom().endEnv()
                .addNewEnv().withName("SECRET_VALUE").withNewValueFrom().withNewSecretKeyRef("token", "creds", false)
                .endValueFrom().endEnv()
                .withNewReadinessProbe().withNewHttpGet().withPath("/readyz").withPort(new IntOrString("asvc-sidecar"))
                .endHttpGet().withPeriodSeconds(1).endReadinessProbe()
                .endContainer()
                .endSpec()
                .endTemplate()
                .endSpec()
                .build();
    }

    private static List<Pod> awaitReadyPods(String deployment, int count) {
        await().atMost(WAIT).until(() -> {
            List<Pod> pods = pods(deployment);
            return pods.size() == count && pods.stream().allMatch(LocalPodRunnerIT::ready);
        });
        return pods(deployment);
    }

    private static List<Pod> pods(String deployment) {
        return client.pods().withLabel("app", deployment).list().getItems();
    }

    private static boolean ready(Pod pod) {
        return pod.getStatus() != null && pod.getStatus().getConditions() != null && pod.getStatus().getConditions().stream()
                .anyMatch(c -> c.getType().equals("Ready") && c.getStatus().equals("True"));
    }

    private static int hostPort(Pod pod, int podPort) {
        String ports = pod.getMetadata().getAnnotations().get(LocalKubelet.PORTS_ANNOTATION);
        for (String pair : ports.split(",")) {
            String[] p = pair.split("->");
            if (Integer.parseInt(p[0]) == podPort) {
                return Integer.parseInt(p[1]);
            }
        }
        throw new AssertionError("no host port for " + podPort + " in " + ports);
    }

    /** True when nothing listens on {@code ip:port}: the connection is refused. */
    private static boolean refused(String ip, int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(ip, port), 1000);
            return false;
        } catch (ConnectException e) {
            return true;
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static List<String> lines(String containing) {
        try {
            List<String> out = new ArrayList<>();
            for (String l : Files.readAllLines(events)) {
                if (l.contains(containing)) {
                    out.add(l);
                }
            }
            return out;
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

}
