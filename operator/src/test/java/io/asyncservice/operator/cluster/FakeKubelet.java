package io.asyncservice.operator.cluster;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * Stands in for the kubelet the control plane lacks, for one thing only: it reports a pod Running and Ready on the
 * pod's status subresource, as a kubelet would once the containers pass their readiness probes. The ReplicaSet and
 * Deployment controllers then count it as ready and available, as on a real node.
 */
public final class FakeKubelet {

    private FakeKubelet() {
    }

    public static void markReady(KubernetesClient client, Pod pod) {
        String now = Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
        String status = "{\"status\":{\"phase\":\"Running\",\"conditions\":["
                + "{\"type\":\"PodScheduled\",\"status\":\"True\",\"lastTransitionTime\":\"" + now + "\"},"
                + "{\"type\":\"Initialized\",\"status\":\"True\",\"lastTransitionTime\":\"" + now + "\"},"
                + "{\"type\":\"ContainersReady\",\"status\":\"True\",\"lastTransitionTime\":\"" + now + "\"},"
                + "{\"type\":\"Ready\",\"status\":\"True\",\"lastTransitionTime\":\"" + now + "\"}]}}";
        client.pods().inNamespace(pod.getMetadata().getNamespace()).withName(pod.getMetadata().getName())
                .subresource("status").patch(PatchContext.of(PatchType.STRATEGIC_MERGE), status);
    }
}
