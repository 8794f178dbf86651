package io.asyncservice.operator.cluster;

import static io.asyncservice.operator.cluster.TestNamespace.condition;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.asyncservice.api.v1alpha1.AsyncService;
import io.asyncservice.operator.TestFixtures;
import io.asyncservice.operator.model.Names;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The AsyncService's status as {@code kubectl get} and {@code kubectl describe} show it, on a real API server: the
 * Valid and Ready conditions, observedGeneration, and the Events that explain a problem. The most important cases
 * of the mock-based {@link io.asyncservice.operator.controller.AsyncServiceReconcilerIT}, plus what only a real
 * server has: pods the ReplicaSet controller creates, and a Deployment someone else already owns.
 */
class StatusAndConditionsIT extends AbstractClusterIT {


    @Override
    protected String namespacePrefix() {
        return "asvc-status";
    }

    @Test
    void aNewAsyncServiceIsValidAndProgressingUntilItsPodsAreReady() {
        AsyncService created = ns.createWithSecrets(TestFixtures.sqs(ns.name(), "summarizer"));

        AsyncService status = ns.awaitStatus("summarizer", a -> a.getStatus().getReplicas() == 2);

        assertThat(condition(status, "Valid").getStatus()).isEqualTo("True");
        Condition ready = condition(status, "Ready");
        assertThat(ready.getStatus()).isEqualTo("False");
        assertThat(ready.getReason()).isEqualTo("Progressing");
        assertThat(ready.getMessage()).isEqualTo("waiting for pods: 0 of 2 replicas are ready");
        assertThat(status.getStatus().getObservedGeneration()).isEqualTo(created.getMetadata().getGeneration());
        assertThat(status.getStatus().getConditions()).extracting(Condition::getObservedGeneration)
                .containsOnly(created.getMetadata().getGeneration());
        assertThat(status.getStatus().getSelector()).isEqualTo("asyncservice.io/name=summarizer");
        assertThat(ns.events("summarizer")).anySatisfy(e -> {
            assertThat(e.getType()).isEqualTo("Normal");
            assertThat(e.getReason()).isEqualTo("DeploymentCreated");
        });
    }

    @Test
    void readyFollowsThePodsAndZeroReplicasIsReady() {
        ns.createWithSecrets(TestFixtures.sqs(ns.name(), "summarizer"));
        List<Pod> pods = await().atMost(TestNamespace.TIMEOUT).until(() -> ns.client().pods().inNamespace(ns.name())
                .withLabel(Names.LABEL_ASYNC_SERVICE, "summarizer").list().getItems(), p -> p.size() == 2);

        FakeKubelet.markReady(ns.client(), pods.get(0));

        AsyncService ready = ns.awaitCondition("summarizer", "Ready", "True");
        assertThat(condition(ready, "Ready").getReason()).isEqualTo("Available");
        assertThat(condition(ready, "Ready").getMessage()).isEqualTo("1 of 2 replicas are ready");
        assertThat(ready.getStatus().getReadyReplicas()).isEqualTo(1);

        assertThat(ns.kubectl("scale", "asvc/summarizer", "--replicas=0").ok()).isTrue();

        AsyncService zero = ns.awaitStatus("summarizer",
                a -> "ScaledToZero".equals(condition(a, "Ready").getReason()));
        assertThat(condition(zero, "Ready").getStatus()).isEqualTo("True");
    }

    @Test
    void aMissingSecretGivesValidFalseAndAWarningEventUntilItIsCreated() {
        AsyncService asvc = TestFixtures.sqs(ns.name(), "summarizer");
        AsyncService created = ns.client().resource(asvc).create();

        AsyncService invalid = ns.awaitCondition("summarizer", "Valid", "False");

        Condition valid = condition(invalid, "Valid");
        assertThat(valid.getReason()).isEqualTo("SecretNotFound");
        assertThat(valid.getMessage()).contains("Secret 'sqs-credentials'", "does not exist in namespace '" + ns.name() + "'");
        assertThat(condition(invalid, "Ready").getReason()).isEqualTo("InvalidSpec");
        await().atMost(TestNamespace.TIMEOUT).untilAsserted(() -> assertThat(ns.events("summarizer")).anySatisfy(e -> {
            assertThat(e.getType()).isEqualTo("Warning");
            assertThat(e.getReason()).isEqualTo("SecretNotFound");
            assertThat(e.getInvolvedObject().getUid()).isEqualTo(created.getMetadata().getUid());
        }));
        Kubectl.Result describe = ns.kubectl("describe", "asyncservice", "summarizer");
        assertThat(describe.stdout()).containsPattern("Warning\\s+SecretNotFound")
                .contains("Secret 'sqs-credentials'");
        assertThat(ns.deployment("summarizer")).isNull();

        TestFixtures.secretsFor(asvc).values().forEach(s -> ns.client().resource(s).create());

        ns.awaitDeployment("summarizer", d -> true);
        ns.awaitCondition("summarizer", "Valid", "True");
    }

    @Test
    void anInvalidSpecTheSchemaCannotCatchIsReportedAndFixingItCreatesTheDeployment() {
        AsyncService asvc = TestFixtures.sqs(ns.name(), "summarizer");
        asvc.getSpec().getEndpoint().setContainer("web");
        ns.createWithSecrets(asvc);

        AsyncService invalid = ns.awaitCondition("summarizer", "Valid", "False");

        assertThat(condition(invalid, "Valid").getReason()).isEqualTo("EndpointContainerNotFound");
        assertThat(condition(invalid, "Valid").getMessage())
                .contains("spec.endpoint.container 'web' is not a container of spec.template");
        assertThat(ns.deployment("summarizer")).isNull();

        ns.edit("summarizer", a -> a.getSpec().getEndpoint().setContainer("app"));

        ns.awaitDeployment("summarizer", d -> true);
        AsyncService valid = ns.awaitCondition("summarizer", "Valid", "True");
        assertThat(valid.getStatus().getObservedGeneration()).isEqualTo(2L);
    }

    @Test
    void aPodTemplateTheApiServerRefusesIsReportedInItsOwnWords() {
        AsyncService asvc = TestFixtures.sqs(ns.name(), "summarizer");
        // The CRD keeps the template as written and the operator does not check container names; the API server does.
        asvc.getSpec().getTemplate().getSpec().getContainers().get(0).setName("App");
        asvc.getSpec().getEndpoint().setContainer("App");
        ns.createWithSecrets(asvc);

        AsyncService failed = ns.awaitStatus("summarizer",
                a -> "ReconcileFailed".equals(condition(a, "Ready").getReason()));

        assertThat(condition(failed, "Ready").getMessage())
                .startsWith("reconcile failed, will retry: Deployment.apps \"summarizer\" is invalid: ")
                .contains("spec.template.spec.containers[0].name: Invalid value: \"App\"")
                .doesNotContain("Received status", "Failure executing");
        assertThat(ns.deployment("summarizer")).isNull();
    }

    @Test
    void anInvalidUpdateLeavesTheRunningDeploymentAsItWas() {
        ns.createWithSecrets(TestFixtures.sqs(ns.name(), "summarizer"));
        Deployment before = ns.awaitDeployment("summarizer", d -> true);
        ns.awaitCondition("summarizer", "Valid", "True");

        ns.edit("summarizer", a -> {
            a.getSpec().getEndpoint().setPath("/v2");
            a.getSpec().getInput().getSqs().setCredentialsSecret("no-such-secret");
        });

        AsyncService invalid = ns.awaitCondition("summarizer", "Valid", "False");
        assertThat(invalid.getStatus().getObservedGeneration()).isEqualTo(2L);
        assertThat(condition(invalid, "Ready").getMessage()).contains("keeps running the last valid spec");
        Deployment after = ns.deployment("summarizer");
        assertThat(after.getSpec().getTemplate()).isEqualTo(before.getSpec().getTemplate());
        assertThat(after.getMetadata().getGeneration()).isEqualTo(before.getMetadata().getGeneration());
    }

    @Test
    void aDeploymentOfTheSameNameThatIsNotTheAsyncServicesIsNeverTakenOver() {
        Deployment foreign = ns.client().apps().deployments().inNamespace(ns.name()).resource(new DeploymentBuilder()
                .withNewMetadata().withName("summarizer").endMetadata()
                .withNewSpec().withReplicas(0).withNewSelector().addToMatchLabels("app", "legacy").endSelector()
                .withNewTemplate().withNewMetadata().addToLabels("app", "legacy").endMetadata()
                .withNewSpec().addNewContainer().withName("legacy").withImage("legacy:1").endContainer().endSpec()
                .endTemplate().endSpec().build()).create();

        ns.createWithSecrets(TestFixtures.sqs(ns.name(), "summarizer"));

        AsyncService failed = ns.awaitStatus("summarizer",
                a -> "ReconcileFailed".equals(condition(a, "Ready").getReason()));
        assertThat(condition(failed, "Valid").getStatus()).isEqualTo("True");
        assertThat(condition(failed, "Ready").getMessage())
                .startsWith("Deployment summarizer already exists and does not belong to this AsyncService")
                .contains("Delete or rename that Deployment");
        await().atMost(TestNamespace.TIMEOUT).untilAsserted(() -> assertThat(ns.events("summarizer"))
                .anySatisfy(e -> {
                    assertThat(e.getType()).isEqualTo("Warning");
                    assertThat(e.getReason()).isEqualTo("ReconcileFailed");
                    assertThat(e.getMessage()).contains("already exists");
                }));
        Deployment untouched = ns.deployment("summarizer");
        assertThat(untouched.getMetadata().getGeneration()).isEqualTo(foreign.getMetadata().getGeneration());
        assertThat(untouched.getSpec()).isEqualTo(foreign.getSpec());
        assertThat(untouched.getMetadata().getLabels()).isEqualTo(foreign.getMetadata().getLabels());
        assertThat(untouched.getMetadata().getManagedFields()).extracting(f -> f.getManager())
                .doesNotContain(RealCluster.OPERATOR_FIELD_MANAGER);

        assertThat(ns.kubectl("delete", "deployment", "summarizer").ok()).isTrue();

        // No event comes when the name is freed: the operator looks again on its own.
        Deployment own = await().atMost(Duration.ofSeconds(30)).until(() -> ns.deployment("summarizer"),
                d -> d != null && d.getMetadata().getOwnerReferences() != null
                        && !d.getMetadata().getOwnerReferences().isEmpty());
        assertThat(own.getSpec().getTemplate().getSpec().getContainers()).extracting(Container::getName)
                .contains("app", Names.SIDECAR_CONTAINER);
        ns.awaitStatus("summarizer", a -> "Progressing".equals(condition(a, "Ready").getReason()));
    }
}
