package io.asyncservice.operator.scaling.kubernetes;

import io.asyncservice.operator.model.Names;
import io.asyncservice.operator.scaling.ScaledService;
import io.asyncservice.operator.scaling.scalein.ServicePod;
import io.asyncservice.operator.scaling.scalein.ServicePods;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * An AsyncService's Pods on the API server. They are listed with one {@code list} of Pods in the service's namespace,
 * by the labels the Deployment selects (from the operator's Deployment informer, so a Deployment an older operator made
 * keeps its own selector; without one, the operator's label {@link Names#LABEL_ASYNC_SERVICE}). The deletion cost is
 * written with a JSON merge patch of that one annotation, as {@link Names#SCALER_FIELD_MANAGER}, without reading
 * the Pod first. The RBAC for both, {@code pods: list, patch}, is in the chart; {@code OperatorRbacIT} and
 * {@code ScaleInIT} run it with exactly that.
 */
public final class KubernetesServicePods implements ServicePods {

    private final KubernetesClient client;
    private final Function<ResourceID, Optional<Deployment>> deployments;

    /**
     * @param deployments the cached Deployment of a name and namespace, e.g. from the Deployment dependent's event source
     */
    public KubernetesServicePods(KubernetesClient client, Function<ResourceID, Optional<Deployment>> deployments) {
        this.client = client;
        this.deployments = deployments;
    }

    @Override
    public List<ServicePod> list(ScaledService service) {
        return client.pods().inNamespace(service.namespace()).withLabels(selector(service)).list().getItems().stream()
                .filter(ServicePod::isLive)
                .map(ServicePod::from)
                .toList();
    }

    @Override
    public void setDeletionCost(ScaledService service, String pod, String cost) {
        String patch = Serialization.asJson(Map.of("metadata", Map.of("annotations",
                Map.of(ServicePod.DELETION_COST_ANNOTATION, cost))));
        // Through resource(...) with the name alone: fabric8 then sends the PATCH as it is, where withName(...).patch
        // would GET the Pod first (a verb the operator is not granted, and a call it does not need).
        Pod named = new PodBuilder().withNewMetadata().withNamespace(service.namespace()).withName(pod).endMetadata()
                .build();
        client.pods().inNamespace(service.namespace()).resource(named)
                .patch(new PatchContext.Builder().withPatchType(PatchType.JSON_MERGE)
                        .withFieldManager(Names.SCALER_FIELD_MANAGER).build(), patch);
    }

    private Map<String, String> selector(ScaledService service) {
        Map<String, String> labels = deployments.apply(new ResourceID(service.deploymentName(), service.namespace()))
                .map(d -> d.getSpec() == null || d.getSpec().getSelector() == null ? null
                        : d.getSpec().getSelector().getMatchLabels())
                .orElse(null);
        return labels == null || labels.isEmpty() ? Map.of(Names.LABEL_ASYNC_SERVICE, service.name()) : labels;
    }
}
