package io.asyncservice.operator.scaling.kubernetes;

import static io.asyncservice.operator.TestAsyncServiceBuilder.asyncService;
import static io.asyncservice.operator.TestAsyncServiceBuilder.fastAutoscaling;
import static io.asyncservice.operator.TestAsyncServiceBuilder.sqs;
import static io.asyncservice.operator.TestFixtures.scaled;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.asyncservice.api.v1alpha1.AsyncService;
import io.asyncservice.operator.scaling.ScaleEventRecorder;
import io.asyncservice.operator.scaling.ScaledService;
import io.asyncservice.operator.status.EventRecorder;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.CustomResourceDefinitionContext;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import java.net.InetAddress;
import java.util.HashMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The Kubernetes implementations of the scaler's interfaces, against the mock API server in CRUD mode. */
class ScalerKubernetesAdaptersTest {

    private static final String NS = "test";
    private static final String SELECTOR = "app.kubernetes.io/managed-by=async-service-operator";

    private static KubernetesMockServer server;
    private static KubernetesClient client;

    @BeforeAll
    static void startMockApiServer() {
        server = new KubernetesMockServer(new Context(), new MockWebServer(), new HashMap<>(),
                new KubernetesCrudDispatcher(List.of(CustomResourceDefinitionContext.fromCustomResourceType(AsyncService.class))), false);
        server.init(InetAddress.getLoopbackAddress(), 0);
        client = server.createClient();
    }

    @AfterAll
    static void stopMockApiServer() {
        client.close();
        server.destroy();
    }

    @Test
    void secretsAreReadDecoded() {
        client.secrets().inNamespace(NS).resource(new SecretBuilder().withNewMetadata().withName("aws").endMetadata()
                .addToData("AWS_ACCESS_KEY_ID", Base64.getEncoder().encodeToString("AKIA123".getBytes(StandardCharsets.UTF_8)))
                .build()).create();

        KubernetesSecretReader secrets = new KubernetesSecretReader(client);

        assertThat(secrets.read(NS, "aws")).hasValue(Map.of("AWS_ACCESS_KEY_ID", "AKIA123"));
        assertThat(secrets.read(NS, "missing")).isEmpty();
    }

    @Test
    void replicasAreReadFromTheOperatorsCacheAndWrittenAlone() {
        client.apps().deployments().inNamespace(NS).resource(deployment("orders", 0)).create();
        ScaledService orders = scaled(NS, "orders", fastAutoscaling());
        // Stands in for the Deployment dependent's informer, which JOSDK runs in the operator.
        SharedIndexInformer<Deployment> informer = client.apps().deployments().inNamespace(NS).withLabelSelector(SELECTOR).inform();
        try {
            DeploymentReplicaStore store = new DeploymentReplicaStore(client, Clock.systemUTC(),
                    id -> Optional.ofNullable(informer.getStore().getByKey(id.getNamespace().orElseThrow() + "/" + id.getName())));
            await().atMost(Duration.ofSeconds(10)).until(() -> store.read(orders).isPresent());
            assertThat(store.read(orders)).hasValue(0);

            store.write(orders, 3);

            assertThat(store.read(orders)).as("the value just written, even before the cache has it").hasValue(3);
            Deployment after = client.apps().deployments().inNamespace(NS).withName("orders").get();
            assertThat(after.getSpec().getReplicas()).isEqualTo(3);
            assertThat(after.getSpec().getTemplate().getSpec().getContainers()).extracting("image").containsExactly("acme/app:1");
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(store.read(orders)).hasValue(3));
            assertThat(store.read(scaled(NS, "unknown", fastAutoscaling()))).isEmpty();
        } finally {
            informer.close();
        }
    }

    @Test
    void eventsGoThroughTheOperatorsRecorderNameTheAsyncServiceAndSayWhatHappened() {
        ScaledService orders = scaled(NS, "orders", fastAutoscaling());
        ScalerEvents events = new ScalerEvents(new EventRecorder(client, Clock.systemUTC()));

        events.normal(orders, ScaleEventRecorder.SCALED, "Scaled from 0 to 3: backlog 27, target 10 per replica");
        events.warning(orders, ScaleEventRecorder.BACKLOG_UNAVAILABLE, "Cannot read the backlog (Unreachable)");
        events.warning(orders, ScaleEventRecorder.BACKLOG_UNAVAILABLE, "Cannot read the backlog (Unreachable)");

        List<Event> recorded = client.v1().events().inNamespace(NS).list().getItems().stream()
                .filter(e -> orders.uid().equals(e.getInvolvedObject().getUid())).toList();
        assertThat(recorded).extracting(Event::getType, Event::getReason, Event::getMessage, Event::getCount)
                .containsExactlyInAnyOrder(
                        org.assertj.core.groups.Tuple.tuple("Normal", "Scaled",
                                "Scaled from 0 to 3: backlog 27, target 10 per replica", 1),
                        org.assertj.core.groups.Tuple.tuple("Warning", "BacklogUnavailable",
                                "Cannot read the backlog (Unreachable)", 2));
        assertThat(recorded).allSatisfy(e -> {
            assertThat(e.getInvolvedObject().getKind()).isEqualTo("AsyncService");
            assertThat(e.getInvolvedObject().getApiVersion()).isEqualTo("asyncservice.io/v1alpha1");
            assertThat(e.getInvolvedObject().getName()).isEqualTo("orders");
            assertThat(e.getInvolvedObject().getUid()).isEqualTo(orders.uid());
            assertThat(e.getSource().getComponent()).isEqualTo("async-service-operator");
        });
    }

    private static Deployment deployment(String name, int replicas) {
        return new DeploymentBuilder()
                .withNewMetadata().withName(name).withNamespace(NS).addToLabels("app.kubernetes.io/managed-by", "async-service-operator")
                .endMetadata()
                .withNewSpec().withReplicas(replicas)
                .withNewSelector().addToMatchLabels("app", name).endSelector()
                .withNewTemplate().withNewMetadata().addToLabels("app", name).endMetadata()
                .withNewSpec().addNewContainer().withName("app").withImage("acme/app:1").endContainer().endSpec()
                .endTemplate()
                .endSpec()
                .build();
    }
}
