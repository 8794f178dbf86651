package io.asyncservice.operator.scaling.kubernetes;

import io.asyncservice.operator.model.Names;
import io.asyncservice.operator.scaling.ReplicaStore;
import io.asyncservice.operator.scaling.ScaledService;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * The Deployment's replicas. Reads come from a cache the operator already has, the informer of the reconciler's
 * Deployment dependent (JOSDK's {@code InformerEventSource}), so a poll costs no API request and no second informer
 * holds the same Deployments; a value just written wins over the cache until the cache has caught up. Writes patch
 * {@code spec.replicas} alone, with a JSON merge patch, so no other field is touched and the re-render keeps it.
 * They are made as {@link Names#SCALER_FIELD_MANAGER}, so the Deployment's managedFields show the scaler owning the
 * count (the operator's server-side apply leaves it out under autoscaling).
 */
public final class DeploymentReplicaStore implements ReplicaStore {

    private static final Duration WRITE_WINS_FOR = Duration.ofSeconds(30);

    private record Written(int replicas, Instant at) {
    }

    private final KubernetesClient client;
    private final Clock clock;
    private final Function<ResourceID, Optional<Deployment>> cache;
    private final Map<String, Written> recentWrites = new ConcurrentHashMap<>();

    /**
     * @param cache the cached Deployment of a name and namespace, e.g. from the Deployment dependent's event source
     */
    public DeploymentReplicaStore(KubernetesClient client, Clock clock, Function<ResourceID, Optional<Deployment>> cache) {
        this.client = client;
        this.clock = clock;
        this.cache = cache;
    }

    @Override
    public OptionalInt read(ScaledService service) {
        String key = key(service);
        Deployment cached = cache.apply(new ResourceID(service.deploymentName(), service.namespace())).orElse(null);
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
        recentWrites.put(key(service), new Written(replicas, clock.instant()));
    }

    private static String key(ScaledService service) {
        return service.namespace() + "/" + service.deploymentName();
    }
}
