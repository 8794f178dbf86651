package io.asyncservice.operator.model;

import io.asyncservice.api.v1alpha1.AsyncService;
import io.asyncservice.api.v1alpha1.AsyncServiceSpec;
import io.asyncservice.api.v1alpha1.AutoscalingSpec;

/**
 * Who owns the Deployment's replica count, and what a render writes there.
 *
 * <ul>
 *   <li>Without {@code spec.autoscaling} the AsyncService owns it: {@code spec.replicas}, default 1. A hand edit of
 *       the Deployment's replicas is reverted.</li>
 *   <li>With {@code spec.autoscaling} the scaler owns it. A render keeps whatever the Deployment has now, so a
 *       spec change or a Secret change never resets what the scaler decided. Only when there is no Deployment yet
 *       does the render choose: the scaler's last decision if it recorded one in {@code status.desiredReplicas},
 *       else {@code minReplicas}.</li>
 * </ul>
 *
 * <p>The seam for the scaler: it finds the Deployment by {@link Names#deploymentName}, changes
 * {@code spec.replicas} there (the scale subresource or a patch; it needs no other field) as
 * {@link Names#SCALER_FIELD_MANAGER}, and records its decision in {@code status.desiredReplicas}. It must not render
 * the Deployment itself.
 *
 * <p>With server-side apply, ownership follows the same rule: under autoscaling the operator's apply leaves
 * {@code spec.replicas} out and the scaler's field manager owns it (the operator hands it over when it creates the
 * Deployment, and when autoscaling is added); without autoscaling the operator's apply sets it, so a hand edit or
 * the scaler's last write is reverted.
 */
public final class ReplicaPolicy {

    private ReplicaPolicy() {
    }

    /** Whether the scaler, not the spec, decides the replica count. */
    public static boolean scalerOwnsReplicas(AsyncServiceSpec spec) {
        return spec.getAutoscaling() != null;
    }

    /**
     * The replicas a render writes.
     *
     * @param currentReplicas the replicas of the Deployment as it is now, or null when there is none
     */
    public static int replicas(AsyncService asvc, Integer currentReplicas) {
        AsyncServiceSpec spec = asvc.getSpec();
        if (!scalerOwnsReplicas(spec)) {
            return spec.getReplicas() == null ? 1 : spec.getReplicas();
        }
        if (currentReplicas != null) {
            return currentReplicas;
        }
        if (asvc.getStatus() != null && asvc.getStatus().getDesiredReplicas() != null) {
            return asvc.getStatus().getDesiredReplicas();
        }
        AutoscalingSpec autoscaling = spec.getAutoscaling();
        return autoscaling.getMinReplicas() == null ? 0 : Math.max(autoscaling.getMinReplicas(), 0);
    }
}
