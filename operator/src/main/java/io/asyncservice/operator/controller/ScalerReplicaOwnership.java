package io.asyncservice.operator.controller;

import io.asyncservice.operator.model.Names;
import io.fabric8.kubernetes.api.model.ManagedFieldsEntry;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.util.Map;

/**
 * Who owns a Deployment's {@code spec.replicas} under server-side apply, for an autoscaled AsyncService.
 *
 * <p>The scaler's field manager ({@link Names#SCALER_FIELD_MANAGER}) must own it, never the operator's: a field the
 * operator applies is the operator's, so an apply from a cache one write behind the scaler would put back an old
 * count, and every scale would look like drift and be applied again. But the operator cannot simply stop applying
 * it: when an applier drops a field that no other manager owns, the API server removes it, and a Deployment without
 * replicas runs one. So the scaler's manager first applies the current count (both then own it), and only then does
 * the operator's next apply leave it out. That hand-over happens once, when the operator creates the Deployment, and
 * again for a Deployment whose replicas the operator still owns (autoscaling just added, or a Deployment an older
 * operator applied).
 */
final class ScalerReplicaOwnership {

    private static final String APPLY = "Apply";

    private ScalerReplicaOwnership() {
    }

    /** Whether {@code fieldManager}'s server-side apply owns {@code spec.replicas}. */
    static boolean appliedBy(Deployment deployment, String fieldManager) {
        var managedFields = deployment.getMetadata().getManagedFields();
        if (managedFields == null) {
            return false;
        }
        return managedFields.stream()
                .filter(f -> fieldManager.equals(f.getManager()) && APPLY.equals(f.getOperation()))
                .anyMatch(ScalerReplicaOwnership::ownsReplicas);
    }

    /**
     * The scaler's field manager applies {@code replicas}, the count the Deployment has now, so it owns the field too.
     * Not forced: if someone changed the count since it was read, the API server answers with a conflict and the
     * reconcile is retried on fresh data, instead of the old count being written back.
     */
    static void handOver(KubernetesClient client, Deployment deployment, int replicas) {
        String name = deployment.getMetadata().getName();
        String namespace = deployment.getMetadata().getNamespace();
        String patch = "{\"apiVersion\":\"apps/v1\",\"kind\":\"Deployment\",\"metadata\":{\"name\":\"" + name
                + "\",\"namespace\":\"" + namespace + "\"},\"spec\":{\"replicas\":" + replicas + "}}";
        client.apps().deployments().inNamespace(namespace).withName(name).patch(new PatchContext.Builder()
                .withPatchType(PatchType.SERVER_SIDE_APPLY)
                .withFieldManager(Names.SCALER_FIELD_MANAGER)
                .withForce(false)
                .build(), patch);
    }

    private static boolean ownsReplicas(ManagedFieldsEntry entry) {
        if (entry.getFieldsV1() == null || entry.getFieldsV1().getAdditionalProperties() == null) {
            return false;
        }
        return entry.getFieldsV1().getAdditionalProperties().get("f:spec") instanceof Map<?, ?> spec
                && spec.containsKey("f:replicas");
    }
}
