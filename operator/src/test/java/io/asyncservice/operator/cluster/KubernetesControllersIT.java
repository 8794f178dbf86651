package io.asyncservice.operator.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.asyncservice.api.v1alpha1.AsyncService;
import io.asyncservice.operator.TestFixtures;
import io.asyncservice.operator.model.Names;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * What Kubernetes' own controllers make of what the operator renders: the Deployment controller turns the Deployment
 * into ReplicaSets and pods and rolls them on a change; the garbage collector follows the owner references down
 * from the AsyncService. There is no kubelet, so pods stay Pending and a rollout never completes.
 */
class KubernetesControllersIT extends AbstractClusterIT {

    private static final String REVISION = "deployment.kubernetes.io/revision";

    /** The garbage collector starts following a new CRD up to about 45 s after it is installed; wait for it once. */
    @BeforeAll
    static void awaitTheGarbageCollector() {
        RealCluster.shared().awaitGarbageCollectorFollowsAsyncServices();
    }

    @Override
    protected String namespacePrefix() {
        return "asvc-controllers";
    }

    @Test
    void deletingTheAsyncServiceLetsTheGarbageCollectorDeleteItsDeploymentReplicaSetsAndPods() {
        AsyncService created = ns.createWithSecrets(TestFixtures.sqs(ns.name(), "summarizer"));
        List<Pod> pods = await().atMost(TestNamespace.TIMEOUT).until(() -> pods("summarizer"), p -> p.size() == 2);
        Deployment deployment = ns.deployment("summarizer");
        assertThat(deployment.getMetadata().getOwnerReferences()).singleElement().satisfies(o -> {
            assertThat(o.getUid()).isEqualTo(created.getMetadata().getUid());
            assertThat(o.getController()).isTrue();
        });
        ReplicaSet replicaSet = ns.replicaSets().get(0);
        assertThat(replicaSet.getMetadata().getOwnerReferences()).extracting(OwnerReference::getUid)
                .containsExactly(deployment.getMetadata().getUid());
        assertThat(pods).allSatisfy(p -> assertThat(p.getMetadata().getOwnerReferences())
                .extracting(OwnerReference::getUid).containsExactly(replicaSet.getMetadata().getUid()));

        assertThat(ns.kubectl("delete", "asyncservice", "summarizer").ok()).isTrue();

        await().atMost(TestNamespace.TIMEOUT).untilAsserted(() -> {
            assertThat(ns.deployment("summarizer")).isNull();
            assertThat(ns.replicaSets()).isEmpty();
            assertThat(pods("summarizer")).isEmpty();
        });
    }

    @Test
    void aSpecChangeRollsANewReplicaSetAndTheOldPodsStayUntilTheNewOnesAreReady() {
        ns.createWithSecrets(TestFixtures.sqs(ns.name(), "summarizer"));
        await().atMost(TestNamespace.TIMEOUT).until(() -> pods("summarizer"), p -> p.size() == 2);
        ReplicaSet first = ns.replicaSets().get(0);

        ns.edit("summarizer", a -> a.getSpec().getTemplate().getSpec().getContainers().get(0).getEnv().get(1)
                .setValue("4"));

        List<ReplicaSet> sets = await().atMost(TestNamespace.TIMEOUT).until(ns::replicaSets,
                s -> s.size() == 2 && s.stream().allMatch(r -> r.getStatus() != null));
        ReplicaSet rolled = sets.stream().max(Comparator.comparing(r -> Integer.parseInt(
                r.getMetadata().getAnnotations().get(REVISION)))).orElseThrow();
        assertThat(rolled.getMetadata().getAnnotations()).containsEntry(REVISION, "2");
        assertThat(rolled.getSpec().getTemplate().getSpec().getContainers().get(0).getEnv())
                .contains(new EnvVar("WORKERS", "4", null));
        await().atMost(TestNamespace.TIMEOUT).untilAsserted(() -> {
            List<Pod> pods = pods("summarizer");
            assertThat(pods).extracting(p -> p.getStatus().getPhase()).containsOnly("Pending");
            assertThat(pods).anySatisfy(p -> assertThat(p.getMetadata().getOwnerReferences().get(0).getUid())
                    .isEqualTo(rolled.getMetadata().getUid()));
        });
        // With 2 replicas the default strategy may take none away before a new pod is ready, and none ever is.
        ReplicaSet old = ns.client().apps().replicaSets().inNamespace(ns.name())
                .withName(first.getMetadata().getName()).get();
        assertThat(old.getSpec().getReplicas()).isEqualTo(2);
        AsyncService status = ns.awaitCondition("summarizer", "Ready", "False");
        assertThat(TestNamespace.condition(status, "Ready").getReason()).isEqualTo("Progressing");
    }

    /** The AsyncService's pods, found by the operator's selector label. */
    private List<Pod> pods(String asvc) {
        return ns.client().pods().inNamespace(ns.name()).withLabel(Names.LABEL_ASYNC_SERVICE, asvc).list().getItems();
    }
}
