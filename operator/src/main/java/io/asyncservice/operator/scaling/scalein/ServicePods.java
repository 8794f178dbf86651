package io.asyncservice.operator.scaling.scalein;

import io.asyncservice.operator.scaling.ScaledService;
import java.util.List;

/** The Pods of an AsyncService's Deployment, and their deletion cost. In the operator: {@code kubernetes.KubernetesServicePods}. */
public interface ServicePods {

    /** The Pods the Deployment selects that are neither terminating nor finished; one API call. */
    List<ServicePod> list(ScaledService service);

    /** Sets {@link ServicePod#DELETION_COST_ANNOTATION} on one Pod, touching nothing else. */
    void setDeletionCost(ScaledService service, String pod, String cost);
}
