package io.asyncservice.operator.scaling.e2e;

import io.asyncservice.api.v1alpha1.AsyncService;
import io.asyncservice.operator.AsyncServiceOperator;
import io.asyncservice.operator.MockCluster;
import io.asyncservice.operator.scaling.ScaleStatus;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.NonDeletingOperation;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The operator, wired as in production (its reconciler renders the Deployment, the scaler in it follows the
 * backlog) but with server-side apply off, on the mock API server in CRUD mode; and helpers to look at what it did.
 */
final class ScalerCluster implements AutoCloseable {

    private final MockCluster cluster;
    private final KubernetesClient client;
    private final AsyncServiceOperator operator;

    private ScalerCluster(MockCluster cluster, AsyncServiceOperator operator) {
        this.cluster = cluster;
        this.client = cluster.client();
        this.operator = operator;
    }

    static ScalerCluster start() {
        MockCluster cluster = MockCluster.start(0);
        return new ScalerCluster(cluster, cluster.startOperator(MockCluster.operatorConfig()));
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
        Map<String, String> encoded = new java.util.TreeMap<>();
        data.forEach((k, v) -> encoded.put(k, java.util.Base64.getEncoder().encodeToString(v.getBytes(java.nio.charset.StandardCharsets.UTF_8))));
        return encoded;
    }

    /** The Deployment's spec.replicas, or null while there is none. */
    Integer replicas(String ns, String name) {
        Deployment d = client.apps().deployments().inNamespace(ns).withName(name).get();
        return d == null ? null : d.getSpec().getReplicas();
    }

    /** Sets the Deployment's replicas from outside, e.g. to start a service at 2. */
    void setReplicas(String ns, String name, int replicas) {
        client.apps().deployments().inNamespace(ns).withName(name)
                .patch(PatchContext.of(PatchType.JSON_MERGE), "{\"spec\":{\"replicas\":" + replicas + "}}");
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
        cluster.close();
    }
}
