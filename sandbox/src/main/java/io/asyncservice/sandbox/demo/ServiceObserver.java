package io.asyncservice.sandbox.demo;

import io.asyncservice.api.v1alpha1.AsyncService;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;

/** Reads one AsyncService's backlog and replicas from the API, as {@code kubectl get asvc,deploy} would show them. */
public final class ServiceObserver {

    /** One look: the scaler's backlog (or -1 before its first read), the Deployment's replicas and ready pods. */
    public record View(long backlog, int replicas, int ready, int pods) {
    }

    private final KubernetesClient client;
    private final String name;

    public ServiceObserver(KubernetesClient client, String name) {
        this.client = client;
        this.name = name;
    }

    public View look() {
        AsyncService asvc = client.resources(AsyncService.class).withName(name).get();
        Deployment deployment = client.apps().deployments().withName(name).get();
        long backlog = asvc == null || asvc.getStatus() == null || asvc.getStatus().getBacklog() == null ? -1
                : asvc.getStatus().getBacklog();
        int replicas = deployment == null || deployment.getSpec().getReplicas() == null ? 0 : deployment.getSpec().getReplicas();
        int ready = deployment == null || deployment.getStatus() == null || deployment.getStatus().getReadyReplicas() == null
                ? 0 : deployment.getStatus().getReadyReplicas();
        int pods = client.pods().withLabel("app.kubernetes.io/instance", name).list().getItems().size();
        return new View(backlog, replicas, ready, pods);
    }
}
