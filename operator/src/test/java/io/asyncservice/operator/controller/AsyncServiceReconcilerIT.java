package io.asyncservice.operator.controller;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.asyncservice.api.sidecar.SidecarContract;
import io.asyncservice.api.v1alpha1.AsyncService;
import io.asyncservice.operator.AsyncServiceOperator;
import io.asyncservice.operator.MockCluster;
import io.asyncservice.operator.TestFixtures;
import io.asyncservice.operator.model.DrainToken;
import io.asyncservice.operator.model.Names;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The real operator, wired as in production but with server-side apply off, against the fabric8 mock API server in
 * CRUD mode. Each test works in its own namespace. The mock runs no controllers, so there are no pods, no
 * Deployment status unless a test writes one, and no garbage collection.
 */
class AsyncServiceReconcilerIT {

    private static final Duration TIMEOUT = Duration.ofSeconds(15);
    private static final AtomicInteger NAMESPACES = new AtomicInteger();

    private static MockCluster cluster;
    private static KubernetesClient client;
    private static AsyncServiceOperator operator;

    private String ns;

    @BeforeAll
    static void startOperator() {
        cluster = MockCluster.start(0);
        client = cluster.client();
        // Secrets are read by name, not watched: a rotation is seen at the next recheck, shortened here.
        operator = cluster.startOperator(MockCluster.operatorConfig().withSecretRecheck(Duration.ofSeconds(2)));
    }

    @AfterAll
    static void stopOperator() {
        operator.close();
        cluster.close();
    }

    @BeforeEach
    void namespace() {
        ns = "it-" + NAMESPACES.incrementAndGet();
    }

    @Test
    void creatingAnAsyncServiceGivesADeploymentWithTheSidecarOwnedByIt() {
        AsyncService created = createWithSecrets(TestFixtures.sqs(ns, "summarizer"));

        Deployment d = awaitDeployment("summarizer", x -> true);

        List<Container> containers = d.getSpec().getTemplate().getSpec().getContainers();
        assertThat(containers).extracting(Container::getName).containsExactly("app", Names.SIDECAR_CONTAINER);
        assertThat(containers.get(0).getLifecycle().getPreStop().getHttpGet().getPath()).isEqualTo(SidecarContract.DRAIN_PATH);
        assertThat(d.getSpec().getReplicas()).isEqualTo(2);
        OwnerReference owner = d.getMetadata().getOwnerReferences().get(0);
        assertThat(owner.getKind()).isEqualTo("AsyncService");
        assertThat(owner.getApiVersion()).isEqualTo("asyncservice.io/v1alpha1");
        assertThat(owner.getName()).isEqualTo("summarizer");
        assertThat(owner.getUid()).isEqualTo(created.getMetadata().getUid());
        assertThat(owner.getController()).isTrue();

        AsyncService status = awaitCondition("summarizer", "Ready", "False");
        assertThat(condition(status, "Valid").getStatus()).isEqualTo("True");
        assertThat(condition(status, "Ready").getReason()).isEqualTo("Progressing");
        assertThat(status.getStatus().getObservedGeneration()).isEqualTo(status.getMetadata().getGeneration());
        assertThat(status.getStatus().getSelector()).isEqualTo(Names.selector(status));
        assertThat(events("summarizer")).anySatisfy(e -> assertThat(e.getReason()).isEqualTo("DeploymentCreated"));
    }

    @Test
    void readyFollowsTheDeploymentsReadyReplicasAndZeroReplicasIsReady() {
        createWithSecrets(TestFixtures.sqs(ns, "summarizer"));
        Deployment d = awaitDeployment("summarizer", x -> true);

        d.setStatus(new DeploymentStatusBuilder()
                .withReplicas(2).withReadyReplicas(1).build());
        client.resource(d).updateStatus();
        AsyncService ready = awaitCondition("summarizer", "Ready", "True");
        assertThat(condition(ready, "Ready").getReason()).isEqualTo("Available");
        assertThat(ready.getStatus().getReadyReplicas()).isEqualTo(1);
        assertThat(ready.getStatus().getReplicas()).isEqualTo(2);

        edit("summarizer", a -> a.getSpec().setReplicas(0));
        awaitDeployment("summarizer", x -> x.getSpec().getReplicas() == 0);
        AsyncService zero = awaitStatus("summarizer", a -> "ScaledToZero".equals(condition(a, "Ready").getReason()));
        assertThat(condition(zero, "Ready").getStatus()).isEqualTo("True");
    }

    @Test
    void aSpecChangeRollsTheDeployment() {
        createWithSecrets(TestFixtures.sqs(ns, "summarizer"));
        Deployment before = awaitDeployment("summarizer", x -> true);

        edit("summarizer", a -> a.getSpec().getEndpoint().setPath("/v2/summarize"));

        Deployment after = awaitDeployment("summarizer", x -> !configHash(x).equals(configHash(before)));
        assertThat(sidecarEnv(after, SidecarContract.CONFIG_ENV)).contains("\"path\":\"/v2/summarize\"");
        assertThat(awaitStatus("summarizer", a -> a.getStatus().getObservedGeneration() == 2L)).isNotNull();
    }

    @Test
    void removingSomethingFromTheTemplateRemovesItFromTheDeployment() {
        createWithSecrets(TestFixtures.sqs(ns, "summarizer"));
        awaitDeployment("summarizer", x -> true);

        edit("summarizer", a -> a.getSpec().getTemplate().getSpec().getContainers().get(0).getEnv().remove(1));

        Deployment after = awaitDeployment("summarizer",
                x -> x.getSpec().getTemplate().getSpec().getContainers().get(0).getEnv().size() == 1);
        assertThat(after.getSpec().getTemplate().getSpec().getContainers().get(0).getEnv().get(0).getName())
                .isEqualTo("MODEL_DIR");
    }

    @Test
    void aChangeToAReferencedSecretRollsTheDeploymentWithoutItsValueAppearing() {
        createWithSecrets(TestFixtures.sqs(ns, "summarizer"));
        Deployment before = awaitDeployment("summarizer", x -> true);

        client.resource(TestFixtures.secret(ns, "sqs-credentials", Map.of(
                "AWS_ACCESS_KEY_ID", "AKIAROTATEDVALUE0002", "AWS_SECRET_ACCESS_KEY", "rotated-secret-value"))).update();

        Deployment after = awaitDeployment("summarizer", x -> !configHash(x).equals(configHash(before)));
        String yaml = Serialization.asYaml(after);
        assertThat(yaml).doesNotContain("AKIAROTATEDVALUE0002").doesNotContain("rotated-secret-value");
    }

    @Test
    void aChangeToAnUnreferencedSecretDoesNotRollTheDeployment() {
        createWithSecrets(TestFixtures.sqs(ns, "summarizer"));
        Deployment before = awaitDeployment("summarizer", x -> true);

        client.resource(TestFixtures.secret(ns, "unrelated", Map.of("password", "p"))).create();
        edit("summarizer", a -> a.getSpec().setReplicas(3));

        Deployment after = awaitDeployment("summarizer", x -> x.getSpec().getReplicas() == 3);
        assertThat(configHash(after)).isEqualTo(configHash(before));
    }

    @Test
    void aHandEditOfTheDeploymentIsReverted() {
        createWithSecrets(TestFixtures.sqs(ns, "summarizer"));
        Deployment original = awaitDeployment("summarizer", x -> true);

        client.apps().deployments().inNamespace(ns).withName("summarizer").edit(d -> new DeploymentBuilder(d)
                .editSpec().withReplicas(5)
                .editTemplate().editSpec().editLastContainer().withImage("evil/sidecar:latest").endContainer()
                .endSpec().endTemplate().endSpec().build());

        Deployment reverted = awaitDeployment("summarizer", x -> x.getSpec().getReplicas() == 2
                && x.getSpec().getTemplate().getSpec().getContainers().get(1).getImage()
                        .equals(original.getSpec().getTemplate().getSpec().getContainers().get(1).getImage()));
        assertThat(reverted.getSpec().getTemplate()).isEqualTo(original.getSpec().getTemplate());
    }

    @Test
    void aDeletedDeploymentIsRecreated() {
        createWithSecrets(TestFixtures.sqs(ns, "summarizer"));
        Deployment original = awaitDeployment("summarizer", x -> true);

        client.resource(original).delete();

        Deployment recreated = awaitDeployment("summarizer",
                x -> !x.getMetadata().getUid().equals(original.getMetadata().getUid()));
        DrainToken before = DrainToken.of(original).orElseThrow();
        DrainToken after = DrainToken.of(recreated).orElseThrow();
        assertThat(after).as("a new Deployment, whose new pods get a new drain token").isNotEqualTo(before);
        assertThat(Serialization.asYaml(recreated.getSpec().getTemplate()).replace(after.value(), "<token>"))
                .isEqualTo(Serialization.asYaml(original.getSpec().getTemplate()).replace(before.value(), "<token>"));
    }

    @Test
    void aFailureToApplyTheDeploymentIsReportedInTheStatusAndAsAnEvent() {
        // A Deployment of the same name that the operator does not manage: creating its own fails.
        client.apps().deployments().inNamespace(ns).resource(new DeploymentBuilder()
                .withNewMetadata().withName("summarizer").endMetadata()
                .withNewSpec().withNewSelector().addToMatchLabels("app", "legacy").endSelector()
                .withNewTemplate().withNewMetadata().addToLabels("app", "legacy").endMetadata()
                .withNewSpec().addNewContainer().withName("legacy").withImage("legacy:1").endContainer().endSpec()
                .endTemplate().endSpec().build()).create();

        createWithSecrets(TestFixtures.sqs(ns, "summarizer"));

        AsyncService failed = awaitCondition("summarizer", "Ready", "False");
        await().atMost(TIMEOUT).until(() -> "ReconcileFailed".equals(condition(
                client.resources(AsyncService.class).inNamespace(ns).withName("summarizer").get(), "Ready").getReason()));
        assertThat(condition(failed, "Valid").getStatus()).isEqualTo("True");
        await().atMost(TIMEOUT).untilAsserted(() -> assertThat(events("summarizer")).anySatisfy(e -> {
            assertThat(e.getType()).isEqualTo("Warning");
            assertThat(e.getReason()).isEqualTo("ReconcileFailed");
            assertThat(e.getMessage()).contains("already exists");
        }));
        assertThat(deployment("summarizer").getSpec().getTemplate().getSpec().getContainers())
                .extracting(Container::getName).containsExactly("legacy");
    }

    @Test
    void anInvalidSpecGivesAConditionAndAnEventAndNoDeployment() {
        AsyncService asvc = TestFixtures.sqs(ns, "summarizer");
        asvc.getSpec().getEndpoint().setContainer("web");
        createWithSecrets(asvc);

        AsyncService invalid = awaitCondition("summarizer", "Valid", "False");

        Condition valid = condition(invalid, "Valid");
        assertThat(valid.getReason()).isEqualTo("EndpointContainerNotFound");
        assertThat(valid.getMessage()).contains("spec.endpoint.container 'web' is not a container of spec.template");
        assertThat(condition(invalid, "Ready").getStatus()).isEqualTo("False");
        assertThat(condition(invalid, "Ready").getReason()).isEqualTo("InvalidSpec");
        await().atMost(TIMEOUT).untilAsserted(() -> assertThat(events("summarizer")).anySatisfy(e -> {
            assertThat(e.getType()).isEqualTo("Warning");
            assertThat(e.getReason()).isEqualTo("EndpointContainerNotFound");
            assertThat(e.getInvolvedObject().getUid()).isEqualTo(invalid.getMetadata().getUid());
        }));
        assertThat(deployment("summarizer")).isNull();

        edit("summarizer", a -> a.getSpec().getEndpoint().setContainer("app"));
        awaitDeployment("summarizer", x -> true);
        assertThat(awaitCondition("summarizer", "Valid", "True")).isNotNull();
    }

    @Test
    void anInvalidUpdateLeavesTheRunningDeploymentAsItWas() {
        createWithSecrets(TestFixtures.sqs(ns, "summarizer"));
        Deployment before = awaitDeployment("summarizer", x -> true);

        edit("summarizer", a -> {
            a.getSpec().getEndpoint().setPath("/v2");
            a.getSpec().getInput().getSqs().setCredentialsSecret("no-such-secret");
        });

        AsyncService invalid = awaitCondition("summarizer", "Valid", "False");
        assertThat(condition(invalid, "Valid").getReason()).isEqualTo("SecretNotFound");
        assertThat(condition(invalid, "Ready").getMessage()).contains("keeps running the last valid spec");
        Deployment after = deployment("summarizer");
        assertThat(after.getSpec()).isEqualTo(before.getSpec());
        assertThat(after.getMetadata().getResourceVersion()).isEqualTo(before.getMetadata().getResourceVersion());
    }

    @Test
    void aMissingSecretBlocksTheDeploymentUntilItIsCreated() {
        AsyncService asvc = TestFixtures.sqs(ns, "summarizer");
        client.resource(asvc).create();
        awaitCondition("summarizer", "Valid", "False");
        assertThat(deployment("summarizer")).isNull();

        TestFixtures.secretsFor(asvc).values().forEach(s -> client.resource(s).create());

        awaitDeployment("summarizer", x -> true);
        awaitCondition("summarizer", "Valid", "True");
    }

    @Test
    void deletingTheAsyncServiceLeavesTheDeploymentToTheGarbageCollector() {
        AsyncService created = createWithSecrets(TestFixtures.sqs(ns, "summarizer"));
        Deployment d = awaitDeployment("summarizer", x -> true);
        assertThat(d.getMetadata().getOwnerReferences()).singleElement().satisfies(o -> {
            assertThat(o.getKind()).isEqualTo("AsyncService");
            assertThat(o.getUid()).isEqualTo(created.getMetadata().getUid());
            assertThat(o.getController()).isTrue();
        });
        assertThat(created.getMetadata().getFinalizers()).as("no finalizer: deletion never waits for the operator")
                .isEmpty();

        client.resource(created).delete();
        await().atMost(TIMEOUT).until(() -> client.resources(AsyncService.class).inNamespace(ns)
                .withName("summarizer").get() == null);
        // The mock has no garbage collector; do what Kubernetes' would do with the owner reference.
        client.resource(d).delete();

        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(4))
                .until(() -> deployment("summarizer") == null);
    }

    @Test
    void twoAsyncServicesInTwoNamespacesDoNotInterfere() {
        String other = ns + "-b";
        createWithSecrets(TestFixtures.sqs(ns, "summarizer"));
        AsyncService second = TestFixtures.sqs(other, "summarizer");
        second.getSpec().setReplicas(4);
        createWithSecrets(second);
        Deployment a = awaitDeployment("summarizer", x -> true);
        Deployment b = await().atMost(TIMEOUT).until(
                () -> client.apps().deployments().inNamespace(other).withName("summarizer").get(), x -> x != null);
        assertThat(a.getSpec().getReplicas()).isEqualTo(2);
        assertThat(b.getSpec().getReplicas()).isEqualTo(4);
        assertThat(b.getMetadata().getOwnerReferences().get(0).getUid())
                .isNotEqualTo(a.getMetadata().getOwnerReferences().get(0).getUid());

        client.resource(TestFixtures.secret(other, "sqs-credentials", Map.of(
                "AWS_ACCESS_KEY_ID", "AKIAOTHERNAMESPACE01", "AWS_SECRET_ACCESS_KEY", "other"))).update();
        AsyncService broken = client.resources(AsyncService.class).inNamespace(other).withName("summarizer").get();
        broken.getSpec().getEndpoint().setContainer("web");
        client.resource(broken).update();
        await().atMost(TIMEOUT).until(() -> client.resources(AsyncService.class).inNamespace(other)
                .withName("summarizer").get(), x -> x.getStatus() != null
                        && "False".equals(condition(x, "Valid").getStatus()));

        Deployment aAfter = deployment("summarizer");
        assertThat(aAfter.getMetadata().getResourceVersion()).isEqualTo(a.getMetadata().getResourceVersion());
        assertThat(condition(awaitCondition("summarizer", "Valid", "True"), "Valid").getStatus()).isEqualTo("True");
    }

    @Test
    void replicasSetByTheScalerAreNotResetByARender() {
        AsyncService asvc = TestFixtures.kafka(ns, "summarizer");
        asvc.getSpec().getAutoscaling().setMinReplicas(2);
        createWithSecrets(asvc);
        Deployment created = awaitDeployment("summarizer", x -> true);
        assertThat(created.getSpec().getReplicas()).as("a new autoscaled Deployment starts at minReplicas").isEqualTo(2);

        // What the scaler will do: change the Deployment's replicas and nothing else.
        client.apps().deployments().inNamespace(ns).withName("summarizer")
                .edit(d -> new DeploymentBuilder(d).editSpec().withReplicas(5).endSpec().build());
        edit("summarizer", a -> a.getSpec().getEndpoint().setPath("/v2/summarize"));

        Deployment rerendered = awaitDeployment("summarizer",
                x -> sidecarEnv(x, SidecarContract.CONFIG_ENV).contains("/v2/summarize"));
        assertThat(rerendered.getSpec().getReplicas()).isEqualTo(5);
    }

    @Test
    void theOperatorServesHealthAndPrometheusMetrics() throws Exception {
        createWithSecrets(TestFixtures.sqs(ns, "summarizer"));
        awaitDeployment("summarizer", x -> true);
        HttpClient http = HttpClient.newHttpClient();
        String base = "http://127.0.0.1:" + operator.httpPort();

        assertThat(get(http, base + "/healthz").statusCode()).isEqualTo(200);
        assertThat(get(http, base + "/readyz").statusCode()).isEqualTo(200);
        HttpResponse<String> metrics = get(http, base + "/metrics");
        assertThat(metrics.statusCode()).isEqualTo(200);
        assertThat(metrics.body()).contains("operator_sdk_reconciliations_started_total").contains("jvm_memory_used_bytes");
    }

    private static HttpResponse<String> get(HttpClient http, String url) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private AsyncService createWithSecrets(AsyncService asvc) {
        TestFixtures.secretsFor(asvc).values().forEach(s -> client.resource(s).create());
        return client.resource(asvc).create();
    }

    /** Changes the AsyncService as a user would, retrying when the operator's status write got there first. */
    private void edit(String name, Consumer<AsyncService> change) {
        for (int attempt = 1; ; attempt++) {
            try {
                client.resources(AsyncService.class).inNamespace(ns).withName(name).edit(a -> {
                    change.accept(a);
                    return a;
                });
                return;
            } catch (KubernetesClientException e) {
                if (e.getCode() != 409 || attempt == 5) {
                    throw e;
                }
            }
        }
    }

    private Deployment deployment(String name) {
        return client.apps().deployments().inNamespace(ns).withName(name).get();
    }

    private Deployment awaitDeployment(String name, Predicate<Deployment> condition) {
        return await().atMost(TIMEOUT).until(() -> deployment(name), d -> d != null && condition.test(d));
    }

    private AsyncService awaitStatus(String name, Predicate<AsyncService> condition) {
        return await().atMost(TIMEOUT).until(
                () -> client.resources(AsyncService.class).inNamespace(ns).withName(name).get(),
                a -> a != null && a.getStatus() != null && !a.getStatus().getConditions().isEmpty() && condition.test(a));
    }

    private AsyncService awaitCondition(String name, String type, String status) {
        return awaitStatus(name, a -> a.getStatus().getConditions().stream()
                .anyMatch(c -> type.equals(c.getType()) && status.equals(c.getStatus())));
    }

    private List<Event> events(String name) {
        return client.v1().events().inNamespace(ns).list().getItems().stream()
                .filter(e -> name.equals(e.getInvolvedObject().getName()))
                .toList();
    }

    private static Condition condition(AsyncService asvc, String type) {
        return asvc.getStatus().getConditions().stream().filter(c -> type.equals(c.getType())).findFirst()
                .orElseThrow(() -> new AssertionError("no " + type + " condition in " + asvc.getStatus().getConditions()));
    }

    private static String configHash(Deployment d) {
        return d.getSpec().getTemplate().getMetadata().getAnnotations().get(Names.CONFIG_HASH_ANNOTATION);
    }

    private static String sidecarEnv(Deployment d, String name) {
        return Stream.concat(d.getSpec().getTemplate().getSpec().getContainers().stream(),
                        d.getSpec().getTemplate().getSpec().getInitContainers().stream())
                .filter(c -> c.getName().equals(Names.SIDECAR_CONTAINER))
                .flatMap(c -> c.getEnv().stream())
                .filter(e -> e.getName().equals(name))
                .findFirst().orElseThrow().getValue();
    }
}
