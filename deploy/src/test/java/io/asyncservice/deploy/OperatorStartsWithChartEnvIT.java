package io.asyncservice.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.authorization.v1.ResourceRule;
import io.fabric8.kubernetes.api.model.authorization.v1.ResourceRuleBuilder;
import io.fabric8.kubernetes.api.model.authorization.v1.SelfSubjectRulesReview;
import io.fabric8.kubernetes.api.model.authorization.v1.SelfSubjectRulesReviewBuilder;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMixedDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.ServerRequest;
import io.fabric8.mockwebserver.ServerResponse;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The operator starts with the environment of the Deployment the chart renders: its Main runs in a child JVM whose
 * environment is exactly the rendered container's (the downward-API namespace resolved as the kubelet would), plus the
 * API server address; the only change is the HTTP port, moved to a free one. It must answer /healthz and /readyz and
 * win the leader election on the chart's Lease, against a mock API server that answers JOSDK's lease-access check
 * with the rules of the chart's leader-election Role.
 */
class OperatorStartsWithChartEnvIT {

    static final String MAIN = "io.asyncservice.operator.Main";
    static final String POD = "async-service-operator-7d9c6b5f4-x2x9p";

    @Test
    void answersHealthAndLeadsWithTheChartsEnvironment() throws Exception {
        assumeTrue(onClasspath(MAIN), MAIN + " is not in the operator artifact yet");
        Chart.Rendered chart = Chart.render();
        Deployment deployment = chart.one(Deployment.class);
        Role leaseRole = chart.all(Role.class).stream()
                .filter(r -> Chart.NAMESPACE.equals(r.getMetadata().getNamespace())).findFirst().orElseThrow();

        Map<ServerRequest, Queue<ServerResponse>> responses = new HashMap<>();
        KubernetesMockServer api = new KubernetesMockServer(new Context(), new MockWebServer(), responses,
                new KubernetesMixedDispatcher(responses), false);
        api.init(InetAddress.getByName("127.0.0.1"), 0);
        api.expect().post().withPath("/apis/authorization.k8s.io/v1/selfsubjectrulesreviews")
                .andReturn(201, rulesReview(leaseRole)).always();

        Map<String, String> env = chartEnv(deployment);
        int port = freePort();
        env.put("ASVC_HTTP_PORT", Integer.toString(port));
        env.put("HOSTNAME", POD);
        env.put("KUBERNETES_MASTER", "http://127.0.0.1:" + api.getPort());
        env.put("KUBERNETES_AUTH_TRYKUBECONFIG", "false");
        env.put("KUBERNETES_AUTH_TRYSERVICEACCOUNT", "false");
        env.put("KUBERNETES_NAMESPACE", Chart.NAMESPACE);

        Path log = Files.createDirectories(Path.of("target")).resolve("operator-with-chart-env.log");
        ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), MAIN)
                .redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().clear();
        builder.environment().putAll(env);
        Process operator = builder.start();
        try (KubernetesClient client = api.createClient()) {
            awaitOk("http://127.0.0.1:" + port + "/healthz", operator, log);
            awaitOk("http://127.0.0.1:" + port + "/readyz", operator, log);

            String leaseName = env.get("ASVC_LEASE_NAME");
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            Lease lease = null;
            while (System.nanoTime() < deadline && (lease == null || lease.getSpec().getHolderIdentity() == null)) {
                lease = client.leases().inNamespace(Chart.NAMESPACE).withName(leaseName).get();
                Thread.sleep(200);
            }
            assertThat(lease).as("the Lease %s/%s\n%s", Chart.NAMESPACE, leaseName, Files.readString(log)).isNotNull();
            assertThat(lease.getSpec().getHolderIdentity()).isEqualTo(POD);
        } finally {
            operator.destroy();
            if (!operator.waitFor(30, TimeUnit.SECONDS)) {
                operator.destroyForcibly();
            }
            api.destroy();
        }
    }

    /** The rendered container's environment, with fieldRef metadata.namespace resolved to the release namespace. */
    static Map<String, String> chartEnv(Deployment deployment) {
        Map<String, String> env = new LinkedHashMap<>();
        for (EnvVar var : deployment.getSpec().getTemplate().getSpec().getContainers().get(0).getEnv()) {
            if (var.getValue() != null) {
                env.put(var.getName(), var.getValue());
            } else if (var.getValueFrom() != null && var.getValueFrom().getFieldRef() != null
                    && "metadata.namespace".equals(var.getValueFrom().getFieldRef().getFieldPath())) {
                env.put(var.getName(), Chart.NAMESPACE);
            } else {
                throw new AssertionError("the test does not know how to resolve " + var);
            }
        }
        return env;
    }

    /** What the API server would answer the operator's SelfSubjectRulesReview with, given the chart's Lease Role. */
    static SelfSubjectRulesReview rulesReview(Role role) {
        List<ResourceRule> rules = role.getRules().stream().map(r -> new ResourceRuleBuilder()
                .withApiGroups(r.getApiGroups()).withResources(r.getResources())
                .withResourceNames(r.getResourceNames()).withVerbs(r.getVerbs()).build()).toList();
        return new SelfSubjectRulesReviewBuilder()
                .withNewSpec().withNamespace(Chart.NAMESPACE).endSpec()
                .withNewStatus().withResourceRules(rules).withIncomplete(false).endStatus()
                .build();
    }

    private static void awaitOk(String url, Process process, Path log) throws Exception {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (System.nanoTime() < deadline) {
            assertThat(process.isAlive()).as("the operator exited:\n%s", Files.readString(log)).isTrue();
            try {
                if (http.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.discarding())
                        .statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            }
            Thread.sleep(100);
        }
        throw new AssertionError(url + " did not answer 200:\n" + Files.readString(log));
    }

    private static boolean onClasspath(String className) {
        try {
            Class.forName(className, false, OperatorStartsWithChartEnvIT.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException e) {
            return false;
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
