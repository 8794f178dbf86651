package io.asyncservice.sandbox.pods;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The garbage collector's part that the sandbox needs, in background propagation: a Deployment whose owner (the
 * AsyncService) is gone is deleted, and a pod whose Deployment is gone is deleted (and then drained by the
 * kubelet). The mock API has no garbage collector of its own.
 */
final class GarbageCollector {

    private static final Logger LOG = LoggerFactory.getLogger(GarbageCollector.class);

    private final KubernetesClient client;

    GarbageCollector(KubernetesClient client) {
        this.client = client;
    }

    /** @return the deployments still alive */
    List<Deployment> collect(List<Deployment> deployments, List<Pod> pods) {
        List<Deployment> alive = deployments.stream().filter(d -> {
            List<OwnerReference> owners = d.getMetadata().getOwnerReferences();
            if (owners == null || owners.isEmpty() || owners.stream().anyMatch(o -> ownerExists(d.getMetadata().getNamespace(), o))) {
                return true;
            }
            LOG.info("deployment {}: its owner is gone; deleting it", d.getMetadata().getName());
            client.apps().deployments().inNamespace(d.getMetadata().getNamespace()).withName(d.getMetadata().getName()).delete();
            return false;
        }).toList();
        Set<String> deploymentUids = alive.stream().map(d -> d.getMetadata().getUid()).collect(Collectors.toSet());
        for (Pod pod : pods) {
            List<OwnerReference> owners = pod.getMetadata().getOwnerReferences();
            boolean orphan = owners != null && !owners.isEmpty() && pod.getMetadata().getDeletionTimestamp() == null
                    && owners.stream().allMatch(o -> "Deployment".equals(o.getKind()) && !deploymentUids.contains(o.getUid()));
            if (orphan) {
                LOG.info("pod {}: its deployment is gone; deleting it", pod.getMetadata().getName());
                client.pods().inNamespace(pod.getMetadata().getNamespace()).withName(pod.getMetadata().getName()).delete();
            }
        }
        return alive;
    }

    private boolean ownerExists(String namespace, OwnerReference owner) {
        try {
            GenericKubernetesResource found = client.genericKubernetesResources(owner.getApiVersion(), owner.getKind())
                    .inNamespace(namespace).withName(owner.getName()).get();
            return found != null && (owner.getUid() == null || owner.getUid().equals(found.getMetadata().getUid()));
        } catch (KubernetesClientException e) {
            // Cannot tell, e.g. the kind is not served: keep the dependent.
            return true;
        }
    }
}
