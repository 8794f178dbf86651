package io.asyncservice.operator.cluster;

import static io.asyncservice.operator.cluster.TestNamespace.condition;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.asyncservice.api.v1alpha1.AsyncService;
import io.asyncservice.operator.TestFixtures;
import io.asyncservice.operator.model.DeploymentRenderer;
import io.asyncservice.operator.model.Names;
import io.asyncservice.operator.model.PodSelector;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The pod labels users set, and the operator's own selector label: {@code app.kubernetes.io/*} labels are the user's
 * and reach the pods as written, while the Deployment selects its pods with {@code asyncservice.io/name}. A
 * Deployment an older operator created keeps its selector, which Kubernetes does not let change.
 */
class PodLabelsIT extends AbstractClusterIT {


    @Override
    protected String namespacePrefix() {
        return "asvc-labels";
    }

    @Test
    void thePodsCarryTheUsersAppKubernetesIoLabelsAsWritten() {
        AsyncService asvc = TestFixtures.sqs(ns.name(), "summarizer");
        asvc.getSpec().getTemplate().getMetadata().getLabels().putAll(Map.of(
                "app.kubernetes.io/name", "ocr",
                "app.kubernetes.io/instance", "ocr-eu",
                "app.kubernetes.io/part-of", "document-pipeline"));
        ns.createWithSecrets(asvc);

        List<Pod> pods = await().atMost(TestNamespace.TIMEOUT).until(() -> ns.client().pods().inNamespace(ns.name())
                .withLabel("app.kubernetes.io/name", "ocr").list().getItems(), p -> p.size() == 2);

        assertThat(pods).allSatisfy(p -> assertThat(p.getMetadata().getLabels())
                .containsEntry("app.kubernetes.io/instance", "ocr-eu")
                .containsEntry("app.kubernetes.io/part-of", "document-pipeline")
                .containsEntry(Names.LABEL_ASYNC_SERVICE, "summarizer"));
        assertThat(ns.deployment("summarizer").getSpec().getSelector().getMatchLabels())
                .isEqualTo(Map.of(Names.LABEL_ASYNC_SERVICE, "summarizer"));
        AsyncService status = ns.awaitCondition("summarizer", "Valid", "True");
        assertThat(status.getStatus().getSelector()).isEqualTo("asyncservice.io/name=summarizer");
    }

    @Test
    void aDeploymentAnOlderOperatorCreatedKeepsItsSelectorAndIsNotRolled() {
        Deployment legacy = legacyDeployment("summarizer");

        ns.awaitCondition("summarizer", "Valid", "True");

        Deployment kept = ns.awaitDeployment("summarizer",
                d -> "summarizer".equals(d.getMetadata().getLabels().get(Names.LABEL_ASYNC_SERVICE)));
        assertThat(kept.getMetadata().getUid()).isEqualTo(legacy.getMetadata().getUid());
        assertThat(kept.getSpec().getSelector()).isEqualTo(legacy.getSpec().getSelector());
        assertThat(kept.getSpec().getTemplate()).as("no rollout on upgrade").isEqualTo(legacy.getSpec().getTemplate());
        assertThat(kept.getMetadata().getGeneration()).isEqualTo(1L);
        assertThat(ns.asyncService("summarizer").getStatus().getSelector()).as("the pods it really selects")
                .isEqualTo("app.kubernetes.io/instance=summarizer,app.kubernetes.io/managed-by=async-service-operator,"
                        + "app.kubernetes.io/name=summarizer");
    }

    @Test
    void aLabelTheOlderSelectorCannotTakeSaysHowToGetTheNewSelector() {
        Deployment legacy = legacyDeployment("summarizer");
        ns.awaitCondition("summarizer", "Valid", "True");

        ns.edit("summarizer", a -> a.getSpec().getTemplate().getMetadata().getLabels()
                .put("app.kubernetes.io/name", "ocr"));

        AsyncService conflict = ns.awaitCondition("summarizer", "Valid", "False");
        assertThat(condition(conflict, "Valid").getReason()).isEqualTo("SelectorLabelConflict");
        assertThat(condition(conflict, "Valid").getMessage()).contains(
                "was created by an earlier version of the operator", "kubectl delete deployment summarizer");
        assertThat(ns.deployment("summarizer").getMetadata().getGeneration()).as("left running as it was")
                .isEqualTo(legacy.getMetadata().getGeneration());

        assertThat(ns.kubectl("delete", "deployment", "summarizer").ok()).isTrue();

        Deployment recreated = ns.awaitDeployment("summarizer",
                d -> !d.getMetadata().getUid().equals(legacy.getMetadata().getUid()));
        assertThat(recreated.getSpec().getSelector().getMatchLabels())
                .isEqualTo(Map.of(Names.LABEL_ASYNC_SERVICE, "summarizer"));
        assertThat(recreated.getSpec().getTemplate().getMetadata().getLabels())
                .containsEntry("app.kubernetes.io/name", "ocr");
        ns.awaitCondition("summarizer", "Valid", "True");
    }

    /**
     * An AsyncService whose Deployment an operator created before it had a label of its own: rendered with that
     * selector and applied with the operator's field manager, while the AsyncService lacked its Secret (so this
     * operator left it alone); then the Secret is created and this operator takes over.
     */
    private Deployment legacyDeployment(String name) {
        AsyncService asvc = TestFixtures.sqs(ns.name(), name);
        AsyncService created = ns.client().resource(asvc).create();
        ns.awaitCondition(name, "Valid", "False");
        Deployment old = DeploymentRenderer.fromCrd(created, RealCluster.operatorConfig().sidecar(),
                TestFixtures.secretsFor(created), null, new PodSelector(Names.legacySelectorLabels(created)),
                TestFixtures.DRAIN_TOKEN)
                .generateDeployment();
        old.getMetadata().getLabels().remove(Names.LABEL_ASYNC_SERVICE);
        Deployment applied = operator.client().resource(old).fieldManager(RealCluster.OPERATOR_FIELD_MANAGER)
                .forceConflicts().serverSideApply();
        TestFixtures.secretsFor(created).values().forEach(s -> ns.client().resource(s).create());
        await().atMost(Duration.ofSeconds(5)).until(() -> ns.deployment(name) != null);
        return applied;
    }
}
