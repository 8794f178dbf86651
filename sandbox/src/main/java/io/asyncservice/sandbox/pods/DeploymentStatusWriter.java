package io.asyncservice.sandbox.pods;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentCondition;
import io.fabric8.kubernetes.api.model.apps.DeploymentConditionBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatus;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatusBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Objects;

/**
 * A Deployment's status from its pods, as the Deployment controller reports it: replicas (pods not terminating),
 * updated, ready, available and unavailable replicas, observedGeneration, and the Available and Progressing
 * conditions. Written only when it changes.
 */
final class DeploymentStatusWriter {

    private final KubernetesClient client;

    DeploymentStatusWriter(KubernetesClient client) {
        this.client = client;
    }

    void write(Deployment deployment, List<Pod> pods) {
        DeploymentStatus status = status(deployment, pods);
        if (Objects.equals(Serialization.asJson(status), Serialization.asJson(deployment.getStatus()))) {
            return;
        }
        deployment.setStatus(status);
        client.apps().deployments().inNamespace(deployment.getMetadata().getNamespace()).resource(deployment).updateStatus();
    }

    static DeploymentStatus status(Deployment deployment, List<Pod> pods) {
        int desired = deployment.getSpec().getReplicas() == null ? 1 : deployment.getSpec().getReplicas();
        String hash = PodTemplateHash.of(deployment.getSpec().getTemplate());
        List<PodView> live = pods.stream().map(ReplicaController::view).filter(p -> !p.terminating()).toList();
        int replicas = live.size();
        int updated = (int) live.stream().filter(p -> hash.equals(p.templateHash())).count();
        int ready = (int) live.stream().filter(PodView::ready).count();
        boolean available = ready >= desired;
        boolean complete = updated == desired && replicas == desired && ready == desired;
        DeploymentStatus previous = deployment.getStatus();
        return new DeploymentStatusBuilder()
                .withObservedGeneration(deployment.getMetadata().getGeneration())
                .withReplicas(replicas)
                .withUpdatedReplicas(updated)
                .withReadyReplicas(ready)
                .withAvailableReplicas(ready)
                .withUnavailableReplicas(Math.max(0, desired - ready))
                .withConditions(
                        condition(previous, "Available", available,
                                available ? "MinimumReplicasAvailable" : "MinimumReplicasUnavailable",
                                available ? "Deployment has minimum availability." : "Deployment does not have minimum availability."),
                        condition(previous, "Progressing", true,
                                complete ? "NewReplicaSetAvailable" : "ReplicaSetUpdated",
                                complete ? "The local pods are up to date and ready." : "Local pods are being started or stopped."))
                .build();
    }

    private static DeploymentCondition condition(DeploymentStatus previous, String type, boolean status, String reason,
            String message) {
        String value = status ? "True" : "False";
        String since = Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
        String updated = since;
        if (previous != null && previous.getConditions() != null) {
            for (DeploymentCondition old : previous.getConditions()) {
                if (type.equals(old.getType()) && value.equals(old.getStatus())) {
                    since = old.getLastTransitionTime();
                    updated = reason.equals(old.getReason()) ? old.getLastUpdateTime() : updated;
                }
            }
        }
        return new DeploymentConditionBuilder().withType(type).withStatus(value).withReason(reason).withMessage(message)
                .withLastTransitionTime(since).withLastUpdateTime(updated).build();
    }
}
