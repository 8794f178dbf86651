package io.asyncservice.operator.scaling.e2e;

import io.asyncservice.api.v1alpha1.AsyncService;
import io.asyncservice.operator.scaling.ScaleStatus;
import io.asyncservice.operator.scaling.ScalerSettings;
import io.asyncservice.operator.scaling.kubernetes.KubernetesScaler;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.NonDeletingOperation;
import io.fabric8.kubernetes.client.dsl.base.CustomResourceDefinitionContext;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.InetAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The mock API server in CRUD mode with the scaler running on it, and helpers to look at what it did. Until the
 * operator's reconciler runs here, {@link #create} also creates the Deployment the way the operator renders it for
 * an autoscaled service (labelled as managed by the operator, 0 replicas).
 */
final class ScalerCluster implements AutoCloseable {

    static final String MANAGED_BY_SELECTOR = "app.kubernetes.io/managed-by=async-service-operator";

    private static final java.util.logging.Logger MOCK_LOG = java.util.logging.Logger.getLogger("io.fabric8.mockwebserver");

    static {
        MOCK_LOG.setLevel(java.util.logging.Level.WARNING);
    }

    private final KubernetesMockServer server;
    private final KubernetesClient client;
    private final KubernetesScaler scaler;

    private ScalerCluster(KubernetesMockServer server, KubernetesClient client, KubernetesScaler scaler) {
        this.server = server;
        this.client = client;
        this.scaler = scaler;
    }

    static ScalerCluster start() {
        KubernetesMockServer server = new KubernetesMockServer(new Context(), new MockWebServer(), new HashMap<>(),
                new KubernetesCrudDispatcher(List.of(CustomResourceDefinitionContext.fromCustomResourceType(AsyncService.class))), false);
        server.init(InetAddress.getLoopbackAddress(), 0);
        KubernetesClient client = server.createClient();
        KubernetesScaler scaler = KubernetesScaler.create(client, new SimpleMeterRegistry(), Clock.systemUTC(),
                ScalerSettings.defaults().withCallTimeout(Duration.ofSeconds(3)), Set.of(), MANAGED_BY_SELECTOR,
                asvc -> asvc.getMetadata().getName());
        scaler.startPolling();
        return new ScalerCluster(server, client, scaler);
    }

    KubernetesClient client() {
        return client;
    }

    /** Creates the Secrets, the AsyncService and its Deployment. */
    void create(AsyncService asvc, Map<String, Map<String, String>> secrets) {
        String ns = asvc.getMetadata().getNamespace();
        secrets.forEach((name, data) -> client.secrets().inNamespace(ns).resource(new SecretBuilder()
                .withMetadata(new ObjectMetaBuilder().withNamespace(ns).withName(name).build())
                .withStringData(data).build()).createOr(NonDeletingOperation::update));
        client.resource(asvc).create();
        client.apps().deployments().inNamespace(ns).resource(deployment(asvc)).create();
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

    private static Deployment deployment(AsyncService asvc) {
        String name = asvc.getMetadata().getName();
        return new DeploymentBuilder()
                .withNewMetadata().withName(name).withNamespace(asvc.getMetadata().getNamespace())
                .addToLabels("app.kubernetes.io/managed-by", "async-service-operator").endMetadata()
                .withNewSpec().withReplicas(0)
                .withNewSelector().addToMatchLabels("app.kubernetes.io/instance", name).endSelector()
                .withTemplate(asvc.getSpec().getTemplate())
                .endSpec()
                .build();
    }

    @Override
    public void close() {
        scaler.close();
        client.close();
        server.destroy();
    }
}
