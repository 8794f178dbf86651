package io.asyncservice.operator.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.asyncservice.api.sidecar.SidecarContract;
import io.asyncservice.api.v1alpha1.AsyncService;
import io.asyncservice.api.v1alpha1.AutoscalingSpec;
import io.asyncservice.operator.TestFixtures;
import io.asyncservice.operator.model.DrainToken;
import io.asyncservice.operator.model.Names;
import io.asyncservice.operator.scaling.ScaledService;
import io.asyncservice.operator.scaling.kubernetes.DeploymentReplicaStore;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The operator with server-side apply, as in production, on a real API server: who owns a Deployment's replicas
 * (its {@code managedFields} say), whether a render keeps what the scaler decided, and whether a hand edit of what
 * the operator renders is put back.
 */
class ServerSideApplyIT extends AbstractClusterIT {

    private static final String OPERATOR = RealCluster.OPERATOR_FIELD_MANAGER + "/Apply";
    /** An SQS endpoint nothing listens on: the scaler's reads fail at once, and it never scales on missing data. */
    private static final String UNREACHABLE_SQS = "http://127.0.0.1:9";


    @Override
    protected String namespacePrefix() {
        return "asvc-ssa";
    }

    @Test
    void underAutoscalingTheScalerOwnsTheReplicasAndARenderKeepsWhatItSet() {
        ns.createWithSecrets(autoscaled(ns.name(), "summarizer", 2, 6));
        // Created with the replicas (the operator's apply owns them for a moment), then handed to the scaler.
        Deployment created = ns.awaitDeployment("summarizer",
                d -> !FieldOwners.of(d, "spec", "replicas").contains(OPERATOR));
        assertThat(created.getSpec().getReplicas()).as("a new autoscaled Deployment starts at minReplicas").isEqualTo(2);
        assertThat(FieldOwners.of(created, "spec", "replicas")).containsExactly(Names.SCALER_FIELD_MANAGER + "/Apply");
        assertThat(created.getMetadata().getGeneration()).as("never ran another count than minReplicas").isEqualTo(1L);

        scaleAsTheScalerDoes("summarizer", 5);
        ns.edit("summarizer", a -> a.getSpec().getEndpoint().setPath("/v2/summarize"));

        Deployment rendered = ns.awaitDeployment("summarizer", d -> sidecarConfig(d).contains("/v2/summarize"));
        assertThat(rendered.getSpec().getReplicas()).as("the scaler's count after a re-render").isEqualTo(5);
        assertThat(FieldOwners.of(rendered, "spec", "replicas")).doesNotContain(OPERATOR)
                .contains(Names.SCALER_FIELD_MANAGER + "/Update");
        assertThat(FieldOwners.of(rendered, "spec", "template")).contains(OPERATOR);
        assertThat(DrainToken.of(rendered)).as("a re-render keeps the drain token").isPresent()
                .isEqualTo(DrainToken.of(created));
        // The Event is recorded just after the Deployment is written: wait for it rather than race it.
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(ns.events("summarizer"))
                .as("one update, for the edit; the scale alone was not re-applied")
                .filteredOn(e -> "DeploymentUpdated".equals(e.getReason()))
                .singleElement().satisfies(e -> assertThat(e.getCount()).isEqualTo(1)));
    }

    @Test
    void withoutAutoscalingTheOperatorOwnsTheReplicasAndAHandEditIsReverted() {
        ns.createWithSecrets(TestFixtures.sqs(ns.name(), "summarizer"));
        Deployment original = ns.awaitDeployment("summarizer", d -> true);
        assertThat(FieldOwners.of(original, "spec", "replicas")).containsExactly(OPERATOR);
        String sidecarImage = sidecar(original).getImage();

        assertThat(ns.kubectl("scale", "deployment/summarizer", "--replicas=5").ok()).isTrue();
        assertThat(ns.kubectl("set", "image", "deployment/summarizer", Names.SIDECAR_CONTAINER + "=evil/sidecar:latest")
                .ok()).isTrue();
        assertThat(ns.kubectl("label", "deployment/summarizer", "--overwrite", Names.LABEL_ASYNC_SERVICE + "=other")
                .ok()).isTrue();

        Deployment reverted = ns.awaitDeployment("summarizer", d -> d.getSpec().getReplicas() == 2
                && sidecar(d).getImage().equals(sidecarImage)
                && "summarizer".equals(d.getMetadata().getLabels().get(Names.LABEL_ASYNC_SERVICE)));
        assertThat(reverted.getSpec().getTemplate()).isEqualTo(original.getSpec().getTemplate());
        assertThat(FieldOwners.of(reverted, "spec", "replicas")).contains(OPERATOR);
    }

    @Test
    void aDeploymentWhoseManagedByLabelWasRemovedIsTakenBack() {
        ns.createWithSecrets(TestFixtures.sqs(ns.name(), "summarizer"));
        Deployment original = ns.awaitDeployment("summarizer", d -> true);

        // The operator's informers select on this label: without it the Deployment seems gone to the operator.
        assertThat(ns.kubectl("label", "deployment/summarizer", Names.LABEL_MANAGED_BY + "-").ok()).isTrue();

        Deployment back = ns.awaitDeployment("summarizer",
                d -> Names.MANAGED_BY.equals(d.getMetadata().getLabels().get(Names.LABEL_MANAGED_BY)));
        assertThat(back.getMetadata().getUid()).as("the same Deployment, not a new one")
                .isEqualTo(original.getMetadata().getUid());
        assertThat(DrainToken.of(back)).as("taken back with its drain token, so its pods do not roll").isPresent()
                .isEqualTo(DrainToken.of(original));
        assertThat(back.getSpec().getTemplate()).isEqualTo(original.getSpec().getTemplate());
    }

    @Test
    void addingAutoscalingKeepsTheReplicasAndHandsThemToTheScaler() {
        AsyncService asvc = TestFixtures.sqs(ns.name(), "summarizer");
        asvc.getSpec().setReplicas(3);
        ns.createWithSecrets(asvc);
        ns.awaitDeployment("summarizer", d -> d.getSpec().getReplicas() == 3);

        ns.edit("summarizer", a -> {
            a.getSpec().setReplicas(null);
            a.getSpec().getInput().getSqs().setEndpoint(UNREACHABLE_SQS);
            a.getSpec().setAutoscaling(autoscaling(1, 5));
        });

        Deployment handedOver = ns.awaitDeployment("summarizer",
                d -> !FieldOwners.of(d, "spec", "replicas").contains(OPERATOR));
        assertThat(handedOver.getSpec().getReplicas()).as("not reset to the Deployment default of 1").isEqualTo(3);
        assertThat(FieldOwners.of(handedOver, "spec", "replicas")).contains(Names.SCALER_FIELD_MANAGER + "/Apply");
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5))
                .until(() -> ns.deployment("summarizer").getSpec().getReplicas() == 3);
    }

    @Test
    void removingAutoscalingGivesTheReplicasBackToTheSpec() {
        ns.createWithSecrets(autoscaled(ns.name(), "summarizer", 1, 6));
        ns.awaitDeployment("summarizer", d -> true);
        scaleAsTheScalerDoes("summarizer", 4);

        ns.edit("summarizer", a -> {
            a.getSpec().setAutoscaling(null);
            a.getSpec().setReplicas(2);
        });

        Deployment fixed = ns.awaitDeployment("summarizer", d -> d.getSpec().getReplicas() == 2);
        assertThat(FieldOwners.of(fixed, "spec", "replicas")).contains(OPERATOR);
    }

    @Test
    void aSteadyAsyncServiceIsNotAppliedAgain() {
        AsyncService asvc = TestFixtures.sqs(ns.name(), "summarizer");
        // Quantities the API server stores in another form ("0.5" becomes "500m", "1000M" becomes "1G"): a naive
        // comparison would see a difference on every reconcile and apply again.
        Container app = asvc.getSpec().getTemplate().getSpec().getContainers().get(0);
        app.getResources().getRequests().put("cpu", new Quantity("0.5"));
        app.getResources().getRequests().put("memory", new Quantity("1000M"));
        ns.createWithSecrets(asvc);
        ns.awaitCondition("summarizer", "Ready", "False");

        await().during(Duration.ofSeconds(4)).atMost(Duration.ofSeconds(8)).until(() -> {
            Deployment d = ns.deployment("summarizer");
            return d.getMetadata().getGeneration() == 1L
                    && ns.events("summarizer").stream().noneMatch(e -> "DeploymentUpdated".equals(e.getReason()));
        });
    }

    /** What the scaler does when it decides: {@link DeploymentReplicaStore#write}, with the operator's identity. */
    private void scaleAsTheScalerDoes(String name, int replicas) {
        new DeploymentReplicaStore(operator.client(), Clock.systemUTC(), id -> Optional.empty())
                .write(ScaledService.from(ns.asyncService(name), Names.deploymentName(ns.asyncService(name))), replicas);
        ns.awaitDeployment(name, d -> d.getSpec().getReplicas() == replicas);
    }

    /**
     * An autoscaled summarizer whose scaler cannot reach its queue (an SQS endpoint nothing listens on) and polls
     * once an hour, so the replica count moves only when the test moves it: the scaler never scales on missing data.
     */
    static AsyncService autoscaled(String namespace, String name, int min, int max) {
        AsyncService asvc = TestFixtures.sqs(namespace, name);
        asvc.getSpec().setReplicas(null);
        asvc.getSpec().getInput().getSqs().setEndpoint(UNREACHABLE_SQS);
        asvc.getSpec().setAutoscaling(autoscaling(min, max));
        return asvc;
    }

    private static AutoscalingSpec autoscaling(int min, int max) {
        AutoscalingSpec autoscaling = new AutoscalingSpec();
        autoscaling.setMinReplicas(min);
        autoscaling.setMaxReplicas(max);
        autoscaling.setPollingInterval("1h");
        return autoscaling;
    }

    private static Container sidecar(Deployment d) {
        return Stream.concat(d.getSpec().getTemplate().getSpec().getContainers().stream(),
                        d.getSpec().getTemplate().getSpec().getInitContainers().stream())
                .filter(c -> Names.SIDECAR_CONTAINER.equals(c.getName()))
                .findFirst().orElseThrow();
    }

    private static String sidecarConfig(Deployment d) {
        return sidecar(d).getEnv().stream().filter(e -> SidecarContract.CONFIG_ENV.equals(e.getName()))
                .findFirst().orElseThrow().getValue();
    }
}
