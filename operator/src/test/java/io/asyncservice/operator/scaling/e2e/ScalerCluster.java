package io.asyncservice.operator.scaling.e2e;

import static org.awaitility.Awaitility.await;

import io.asyncservice.api.v1alpha1.AsyncService;
import io.asyncservice.operator.cluster.FieldOwners;
import io.asyncservice.operator.cluster.RealCluster;
import io.asyncservice.operator.cluster.TestNamespace;
import io.asyncservice.operator.model.Names;
import io.asyncservice.operator.scaling.ScaleStatus;
import io.asyncservice.operator.scaling.ScaledService;
import io.asyncservice.operator.scaling.kubernetes.DeploymentReplicaStore;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.NonDeletingOperation;
import io.fabric8.kubernetes.client.http.Interceptor;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The operator as in production, on the {@link RealCluster}: the CRD installed with kubectl, the operator in-process
 * as the chart's ServiceAccount with {@link RealCluster#operatorConfig()} (server-side apply on, all namespaces
 * watched), its reconciler rendering the Deployment and the scaler in it following the backlog; and helpers to look
 * at what it did, as the cluster admin. One operator per test class; each test gets its own {@link TestNamespace}.
 */
final class ScalerCluster implements AutoCloseable {

    /** The operator's server-side apply, which owns a new Deployment's replicas until it hands them to the scaler. */
    private static final String OPERATOR_APPLY = RealCluster.OPERATOR_FIELD_MANAGER + "/Apply";

    private final RealCluster cluster;
    private final RealCluster.RunningOperator operator;
    private final KubernetesClient client;

    private ScalerCluster(RealCluster cluster, RealCluster.RunningOperator operator) {
        this.cluster = cluster;
        this.operator = operator;
        this.client = cluster.admin();
    }

    static ScalerCluster start() {
        RealCluster cluster = RealCluster.shared();
        return new ScalerCluster(cluster, cluster.startOperator());
    }

    /** As {@link #start()}, every request of the operator's client passing through {@code interceptor}. */
    static ScalerCluster start(Interceptor interceptor) {
        RealCluster cluster = RealCluster.shared();
        return new ScalerCluster(cluster, cluster.startOperator(interceptor));
    }

    /** A new namespace for one test, e.g. {@code scaler-sqs-1a2b3c4d}; closing it deletes it. */
    TestNamespace namespace(String prefix) {
        return TestNamespace.create(cluster, prefix);
    }

    KubernetesClient client() {
        return client;
    }

    /** Creates the Secrets and the AsyncService; the operator creates the Deployment. */
    void create(AsyncService asvc, Map<String, Map<String, String>> secrets) {
        String ns = asvc.getMetadata().getNamespace();
        secrets.forEach((name, data) -> client.secrets().inNamespace(ns).resource(new SecretBuilder()
                .withMetadata(new ObjectMetaBuilder().withNamespace(ns).withName(name).build())
                .withData(base64(data)).build()).createOr(NonDeletingOperation::update));
        client.resource(asvc).create();
    }

    private static Map<String, String> base64(Map<String, String> data) {
        Map<String, String> encoded = new TreeMap<>();
        data.forEach((k, v) -> encoded.put(k, Base64.getEncoder().encodeToString(v.getBytes(StandardCharsets.UTF_8))));
        return encoded;
    }

    /** The Deployment's spec.replicas, or null while there is none. */
    Integer replicas(String ns, String name) {
        Deployment d = client.apps().deployments().inNamespace(ns).withName(name).get();
        return d == null ? null : d.getSpec().getReplicas();
    }

    /**
     * Sets the Deployment's replicas as the scaler would have, e.g. to have a service running at 2: through
     * {@link DeploymentReplicaStore#write}, as the operator's ServiceAccount and the scaler's field manager
     * ({@link Names#SCALER_FIELD_MANAGER}), the only writer of an autoscaled Deployment's replicas. It first waits
     * until the operator has handed the replicas over, i.e. its server-side apply no longer owns them: a write
     * between the operator's create and the hand-over would make the hand-over's (unforced) apply conflict.
     */
    void setReplicas(String ns, String name, int replicas) {
        await().atMost(Duration.ofSeconds(30)).until(
                () -> client.apps().deployments().inNamespace(ns).withName(name).get(),
                d -> d != null && !FieldOwners.of(d, "spec", "replicas").contains(OPERATOR_APPLY));
        AsyncService asvc = get(ns, name);
        // Only written through, never read: no cache needed.
        new DeploymentReplicaStore(operator.client(), Clock.systemUTC(), id -> Optional.empty())
                .write(ScaledService.from(asvc, Names.deploymentName(asvc)), replicas);
    }

    Optional<Condition> backlogAvailable(String ns, String name) {
        AsyncService asvc = client.resources(AsyncService.class).inNamespace(ns).withName(name).get();
        if (asvc == null || asvc.getStatus() == null || asvc.getStatus().getConditions() == null) {
            return Optional.empty();
        }
        return asvc.getStatus().getConditions().stream().filter(c -> ScaleStatus.CONDITION_TYPE.equals(c.getType())).findFirst();
    }

    AsyncService get(String ns, String name) {
        return client.resources(AsyncService.class).inNamespace(ns).withName(name).get();
    }

    List<Event> events(String ns, String name, String reason) {
        return client.v1().events().inNamespace(ns).list().getItems().stream()
                .filter(e -> name.equals(e.getInvolvedObject().getName()) && reason.equals(e.getReason()))
                .toList();
    }

    @Override
    public void close() {
        operator.close();
    }
}
