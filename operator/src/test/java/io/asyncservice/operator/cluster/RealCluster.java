package io.asyncservice.operator.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.asyncservice.api.v1alpha1.AsyncService;
import io.asyncservice.operator.AsyncServiceOperator;
import io.asyncservice.operator.TestFixtures;
import io.asyncservice.operator.config.OperatorConfig;
import io.asyncservice.testing.UniqueNames;
import io.asyncservice.testing.k8s.KubeControlPlane;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.http.Interceptor;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;

/**
 * The operator's world on a real Kubernetes control plane, set up once per JVM the way a user sets it up: the
 * committed CRD installed with {@code kubectl apply} and Established, and the operator's ServiceAccount with the
 * ClusterRole and binding from the committed install manifest, so the operator runs with exactly the RBAC the chart
 * grants. Tests get a namespace each and start the operator in-process with the production configuration.
 *
 * <p>Unlike {@link io.asyncservice.operator.MockCluster}, the API server validates against the CRD schema and its
 * CEL rules, does server-side apply and keeps managedFields, serves the scale subresource, and the
 * controller-manager runs the Deployment controller and the garbage collector. There is no kubelet or scheduler, so
 * pods stay Pending and never become ready.
 */
public final class RealCluster {

    static final String CRD_NAME = "asyncservices.asyncservice.io";
    /** The operator's namespace and ServiceAccount in the install manifest. */
    static final String OPERATOR_NAMESPACE = "async-service-operator";
    static final String OPERATOR_SERVICE_ACCOUNT = "async-service-operator";
    /** The field manager of the operator's server-side applies: JOSDK uses the controller's name. */
    public static final String OPERATOR_FIELD_MANAGER = "asyncservice";

    /** Tests run in the module directory; the CRD and the install manifest are committed next to it. */
    private static final Path CRD_FILE = Path.of("..", "crds", "asyncservices.asyncservice.io-v1.yml");
    private static final Path INSTALL_MANIFEST = Path.of("..", "deploy", "kubernetes", "async-service-operator.yaml");
    /** The kinds of the install manifest that give the operator its identity and permissions in every namespace. */
    private static final Set<String> IDENTITY_KINDS = Set.of("Namespace", "ServiceAccount", "ClusterRole",
            "ClusterRoleBinding");

    private static RealCluster shared;

    private final KubeControlPlane plane;
    private final Kubectl kubectl;
    private final String operatorToken;
    private CompletableFuture<Void> garbageCollectorProbe;

    private RealCluster(KubeControlPlane plane, Kubectl kubectl, String operatorToken) {
        this.plane = plane;
        this.kubectl = kubectl;
        this.operatorToken = operatorToken;
    }

    /** The control plane of this JVM with the CRD and the operator's RBAC installed; set up on first use. */
    public static synchronized RealCluster shared() {
        if (shared == null) {
            KubeControlPlane plane = KubeControlPlane.shared();
            Kubectl kubectl = new Kubectl(plane.binDir().resolve("kubectl"), plane.kubeconfigPath(),
                    plane.workDir().resolve("kubectl-cache"));
            long t0 = System.nanoTime();
            installCrd(kubectl);
            installOperatorIdentity(kubectl);
            String token = plane.tokenFor(OPERATOR_NAMESPACE, OPERATOR_SERVICE_ACCOUNT);
            System.err.printf("CRD and operator RBAC installed in %.1f s%n", (System.nanoTime() - t0) / 1e9);
            shared = new RealCluster(plane, kubectl, token);
            shared.garbageCollectorProbe = CompletableFuture.runAsync(shared::probeGarbageCollector);
        }
        return shared;
    }

    private static void installCrd(Kubectl kubectl) {
        Kubectl.Result applied = kubectl.run("apply", "-f", CRD_FILE.toString());
        assertThat(applied.ok()).as("kubectl apply -f %s: %s", CRD_FILE, applied).isTrue();
        Kubectl.Result established = kubectl.run("wait", "--for=condition=Established", "--timeout=60s",
                "crd/" + CRD_NAME);
        assertThat(established.ok()).as("the CRD becomes Established: %s", established).isTrue();
    }

    private static void installOperatorIdentity(Kubectl kubectl) {
        String manifest;
        try {
            manifest = Files.readString(INSTALL_MANIFEST, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        String identity = Arrays.stream(manifest.split("(?m)^---\\s*$"))
                .filter(doc -> doc.lines().anyMatch(l -> l.startsWith("kind: ")
                        && IDENTITY_KINDS.contains(l.substring("kind: ".length()).trim())))
                .collect(Collectors.joining("---\n"));
        Kubectl.Result applied = kubectl.runWithInput(identity, "apply", "-f", "-");
        assertThat(applied.ok()).as("the operator's ServiceAccount and RBAC from %s: %s", INSTALL_MANIFEST, applied)
                .isTrue();
    }

    /**
     * Waits until the garbage collector follows AsyncServices. It learns of a new CRD only at its next discovery round
     * (every 30 s), so right after the CRD is installed a deleted AsyncService keeps its Deployment for up to half a
     * minute, on any cluster. A probe started with the cluster (a ConfigMap owned by a throwaway AsyncService, which
     * is then deleted) shows when that is over; other tests run meanwhile.
     */
    void awaitGarbageCollectorFollowsAsyncServices() {
        try {
            garbageCollectorProbe.get(100, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException | TimeoutException e) {
            throw new AssertionError("the garbage collector did not start following AsyncServices", e);
        }
    }

    private void probeGarbageCollector() {
        long t0 = System.nanoTime();
        String namespace = createNamespace("asvc-gc-probe");
        try {
            AsyncService owner = admin().resource(TestFixtures.sqs(namespace, "gc-probe")).create();
            admin().configMaps().inNamespace(namespace).resource(new ConfigMapBuilder()
                    .withNewMetadata().withName("owned").addNewOwnerReference()
                    .withApiVersion(owner.getApiVersion()).withKind(owner.getKind())
                    .withName(owner.getMetadata().getName()).withUid(owner.getMetadata().getUid())
                    .endOwnerReference().endMetadata().build()).create();
            admin().resource(owner).delete();
            await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(500)).until(() ->
                    admin().configMaps().inNamespace(namespace).withName("owned").get() == null);
        } finally {
            deleteNamespace(namespace);
        }
        System.err.printf("the garbage collector follows AsyncServices %.1f s after the CRD was installed%n",
                (System.nanoTime() - t0) / 1e9);
    }

    /** The control plane's admin: what a cluster administrator (or a user with full rights) does. */
    public KubernetesClient admin() {
        return plane.adminClient();
    }

    Kubectl kubectl() {
        return kubectl;
    }

    /** A new namespace of the caller's own, e.g. {@code asvc-ssa-1a2b3c4d}. */
    String createNamespace(String prefix) {
        String name = UniqueNames.of(prefix);
        admin().namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(name).endMetadata().build())
                .create();
        return name;
    }

    /** Deletes a namespace; the namespace controller empties it in the background. */
    void deleteNamespace(String name) {
        admin().namespaces().withName(name).delete();
    }

    /**
     * The production configuration, as {@link io.asyncservice.operator.Main} reads it from an empty environment:
     * server-side apply on, all namespaces watched, no leader election; only the health server moves to a free port
     * on 127.0.0.1.
     */
    static OperatorConfig operatorConfig() {
        OperatorConfig config = OperatorConfig.fromEnv(Map.of()).withHttp("127.0.0.1", 0);
        assertThat(config.serverSideApply()).as("server-side apply is the production default").isTrue();
        return config;
    }

    /** Starts the operator in this JVM as its ServiceAccount, so the chart's RBAC applies to every call it makes. */
    public RunningOperator startOperator() {
        return startOperator(operatorConfig(), new Interceptor() { });
    }

    /** As {@link #startOperator()}, every request of the operator's client passing through {@code interceptor}. */
    public RunningOperator startOperator(Interceptor interceptor) {
        return startOperator(operatorConfig(), interceptor);
    }

    /**
     * Starts the operator in this JVM as its ServiceAccount with {@code config}, every request of its client passing
     * through {@code interceptor} (e.g. to record what the operator asks the API server for).
     */
    RunningOperator startOperator(OperatorConfig config, Interceptor interceptor) {
        KubernetesClient client = new KubernetesClientBuilder().withConfig(plane.configAs(operatorToken))
                .withHttpClientBuilderConsumer(b -> b.addOrReplaceInterceptor("test", interceptor)).build();
        try {
            return new RunningOperator(AsyncServiceOperator.start(config, client), client);
        } catch (RuntimeException e) {
            client.close();
            throw e;
        }
    }

    /** The operator and its client, stopped together. */
    public record RunningOperator(AsyncServiceOperator operator, KubernetesClient client) implements AutoCloseable {

        @Override
        public void close() {
            try {
                operator.close();
            } finally {
                client.close();
            }
        }
    }
}
