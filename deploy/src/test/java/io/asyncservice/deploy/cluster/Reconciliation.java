package io.asyncservice.deploy.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.asyncservice.api.v1alpha1.AsyncService;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;

/**
 * What a user checks after applying the SQS example, read as the admin: {@code kubectl get deploy}, {@code kubectl
 * get asvc -o yaml} (the conditions), {@code kubectl describe asvc} (the Events).
 */
final class Reconciliation {

    /** A reconcile takes a fraction of a second; the bound covers informers starting and a loaded machine. */
    static final Duration TIMEOUT = Duration.ofSeconds(60);
    static final String SIDECAR = "asyncservice-sidecar";

    private Reconciliation() {
    }

    /**
     * The example got its Deployment (the app plus the sidecar, owned by the AsyncService, written with server-side
     * apply), a status (Valid=True; Ready=False, Progressing, as no kubelet runs its Pods) for its generation, and a
     * DeploymentCreated Event. Returns the Deployment.
     */
    static Deployment assertReconciled(KubernetesClient admin, String namespace) {
        Deployment deployment = awaitDeployment(admin, namespace, d -> true);
        AsyncService asvc = SqsExample.get(admin, namespace);
        assertThat(deployment.getSpec().getTemplate().getSpec().getContainers()).extracting(Container::getName)
                .containsExactly("app", SIDECAR);
        assertThat(deployment.getMetadata().getOwnerReferences()).singleElement().satisfies(owner -> {
            assertThat(owner.getKind()).isEqualTo("AsyncService");
            assertThat(owner.getUid()).isEqualTo(asvc.getMetadata().getUid());
            assertThat(owner.getController()).isTrue();
        });
        assertThat(deployment.getMetadata().getManagedFields()).as("the Deployment's writers")
                .anySatisfy(f -> assertThat(f.getOperation()).isEqualTo("Apply"));

        AsyncService reconciled = awaitStatus(admin, namespace, a -> a.getStatus().getObservedGeneration() != null
                && a.getStatus().getObservedGeneration().equals(a.getMetadata().getGeneration())
                && condition(a, "Ready") != null);
        assertThat(condition(reconciled, "Valid").getStatus()).isEqualTo("True");
        assertThat(condition(reconciled, "Ready").getStatus()).isEqualTo("False");
        assertThat(condition(reconciled, "Ready").getReason()).isEqualTo("Progressing");
        assertThat(reconciled.getMetadata().getManagedFields()).as("the AsyncService's writers")
                .anySatisfy(f -> {
                    assertThat(f.getSubresource()).isEqualTo("status");
                    assertThat(f.getOperation()).isEqualTo("Apply");
                });

        await("a DeploymentCreated Event").atMost(TIMEOUT).pollInterval(Duration.ofMillis(200))
                .until(() -> events(admin, namespace).stream().anyMatch(e -> "DeploymentCreated".equals(e.getReason())));
        return deployment;
    }

    /** Waits for the example's Deployment to exist and match {@code until}. */
    static Deployment awaitDeployment(KubernetesClient admin, String namespace, Predicate<Deployment> until) {
        AtomicReference<Deployment> found = new AtomicReference<>();
        await("Deployment " + namespace + "/" + SqsExample.NAME).atMost(TIMEOUT).pollInterval(Duration.ofMillis(200))
                .until(() -> {
                    found.set(admin.apps().deployments().inNamespace(namespace).withName(SqsExample.NAME).get());
                    return found.get() != null && until.test(found.get());
                });
        return found.get();
    }

    /** Waits for the example's AsyncService to have a status matching {@code until}. */
    static AsyncService awaitStatus(KubernetesClient admin, String namespace, Predicate<AsyncService> until) {
        AtomicReference<AsyncService> found = new AtomicReference<>();
        await("status of AsyncService " + namespace + "/" + SqsExample.NAME).atMost(TIMEOUT)
                .pollInterval(Duration.ofMillis(200))
                .until(() -> {
                    found.set(SqsExample.get(admin, namespace));
                    return found.get() != null && found.get().getStatus() != null && until.test(found.get());
                });
        return found.get();
    }

    static Condition condition(AsyncService asvc, String type) {
        return asvc.getStatus().getConditions().stream().filter(c -> type.equals(c.getType())).findFirst().orElse(null);
    }

    /** The Events on the example's AsyncService, as {@code kubectl describe asvc} lists them. */
    static List<Event> events(KubernetesClient admin, String namespace) {
        return admin.v1().events().inNamespace(namespace).list().getItems().stream()
                .filter(e -> SqsExample.NAME.equals(e.getInvolvedObject().getName())
                        && "AsyncService".equals(e.getInvolvedObject().getKind()))
                .toList();
    }
}
