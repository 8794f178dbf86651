package io.asyncservice.operator.scaling.kubernetes;

import io.asyncservice.operator.model.Names;
import io.asyncservice.operator.scaling.ReplicaStore;
import io.asyncservice.operator.scaling.ScaledService;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The Deployment's replicas. Reads come from an informer on the operator's Deployments (label selector), so a poll
 * costs no API request; a value just written wins over the cache until the cache has caught up. Writes patch
 * {@code spec.replicas} alone, with a JSON merge patch, so no other field is touched and the re-render keeps it.
 * They are made as {@link Names#SCALER_FIELD_MANAGER}, so the Deployment's managedFields show the scaler owning the
 * count (the operator's server-side apply leaves it out under autoscaling).
 */
public final class DeploymentReplicaStore implements ReplicaStore, AutoCloseable {

    private static final Duration WRITE_WINS_FOR = Duration.ofSeconds(30);

    private record Written(int replicas, Instant at) {
    }

    private final KubernetesClient client;
    private final Clock clock;
    private final List<SharedIndexInformer<Deployment>> informers = new ArrayList<>();
    private final Map<String, Written> recentWrites = new ConcurrentHashMap<>();

    /**
     * @param namespaces    the namespaces the operator watches; empty for all
     * @param labelSelector the operator's managed-by selector, e.g. {@code app.kubernetes.io/managed-by=async-service-operator}
     */
    public DeploymentReplicaStore(KubernetesClient client, Clock clock, Set<String> namespaces, String labelSelector) {
        this.client = client;
        this.clock = clock;
        if (namespaces.isEmpty()) {
            informers.add(client.apps().deployments().inAnyNamespace().withLabelSelector(labelSelector).inform());
        } else {
            for (String ns : namespaces) {
                informers.add(client.apps().deployments().inNamespace(ns).withLabelSelector(labelSelector).inform());
            }
        }
    }

    @Override
    public OptionalInt read(ScaledService service) {
        String key = service.namespace() + "/" + service.deploymentName();
        Deployment cached = null;
        for (SharedIndexInformer<Deployment> informer : informers) {
            cached = informer.getStore().getByKey(key);
            if (cached != null) {
                break;
            }
        }
        Written written = recentWrites.get(key);
        if (cached == null) {
            return OptionalInt.empty();
        }
        int replicas = cached.getSpec() == null || cached.getSpec().getReplicas() == null ? 1 : cached.getSpec().getReplicas();
        if (written != null) {
            if (written.replicas() == replicas || clock.instant().isAfter(written.at().plus(WRITE_WINS_FOR))) {
                recentWrites.remove(key, written);
            } else {
                return OptionalInt.of(written.replicas());
            }
        }
        return OptionalInt.of(replicas);
    }

    @Override
    public void write(ScaledService service, int replicas) {
        client.apps().deployments().inNamespace(service.namespace()).withName(service.deploymentName())
                .patch(new PatchContext.Builder().withPatchType(PatchType.JSON_MERGE)
                        .withFieldManager(Names.SCALER_FIELD_MANAGER).build(),
                        "{\"spec\":{\"replicas\":" + replicas + "}}");
        recentWrites.put(service.namespace() + "/" + service.deploymentName(), new Written(replicas, clock.instant()));
    }

    @Override
    public void close() {
        informers.forEach(SharedIndexInformer::close);
    }
}
