package io.asyncservice.operator.scaling.kubernetes;

import io.asyncservice.api.v1alpha1.AsyncService;
import io.asyncservice.operator.scaling.BrokerBacklogReaders;
import io.asyncservice.operator.scaling.ClientPool;
import io.asyncservice.operator.scaling.ScalerLoop;
import io.asyncservice.operator.scaling.ScalerMetrics;
import io.asyncservice.operator.scaling.ScalerSettings;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The scaler on a real (or mock) API server: the loop with its broker readers, the Deployment replicas, status and
 * Events on the fabric8 client, and an informer on AsyncServices that tracks and untracks them. Polling runs between
 * {@link #startPolling()} and {@link #stopPolling()}, which follow leadership; the informers run all along, so a new
 * leader knows every service at once.
 */
public final class KubernetesScaler implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(KubernetesScaler.class);

    private final ClientPool pool;
    private final DeploymentReplicaStore replicas;
    private final ScalerLoop loop;
    private final List<SharedIndexInformer<AsyncService>> informers = new ArrayList<>();

    private KubernetesScaler(ClientPool pool, DeploymentReplicaStore replicas, ScalerLoop loop) {
        this.pool = pool;
        this.replicas = replicas;
        this.loop = loop;
    }

    /**
     * Builds the scaler and starts its informers; polling starts with {@link #startPolling()}.
     *
     * @param namespaces              the watched namespaces; empty for all
     * @param deploymentLabelSelector the selector of the operator's Deployments
     * @param deploymentName          the name of an AsyncService's Deployment
     */
    public static KubernetesScaler create(KubernetesClient client, MeterRegistry registry, Clock clock, ScalerSettings settings,
                                          Set<String> namespaces, String deploymentLabelSelector,
                                          Function<AsyncService, String> deploymentName) {
        ClientPool pool = new ClientPool();
        DeploymentReplicaStore replicas = new DeploymentReplicaStore(client, clock, namespaces, deploymentLabelSelector);
        ScalerLoop loop = new ScalerLoop(
                new BrokerBacklogReaders(new KubernetesSecretReader(client), pool, settings.callTimeout()),
                replicas,
                new AsyncServiceScaleStatusWriter(client, clock),
                new KubernetesScaleEventRecorder(client, clock),
                new ScalerMetrics(registry),
                clock,
                settings);
        KubernetesScaler scaler = new KubernetesScaler(pool, replicas, loop);
        AsyncServiceTracker tracker = new AsyncServiceTracker(loop, deploymentName);
        var services = client.resources(AsyncService.class);
        if (namespaces.isEmpty()) {
            scaler.informers.add(services.inAnyNamespace().inform(tracker));
        } else {
            namespaces.forEach(ns -> scaler.informers.add(services.inNamespace(ns).inform(tracker)));
        }
        return scaler;
    }

    /** Leadership gained, or the operator started without leader election. */
    public void startPolling() {
        loop.start();
    }

    /** Leadership lost. */
    public void stopPolling() {
        loop.stop();
    }

    public ScalerLoop loop() {
        return loop;
    }

    @Override
    public void close() {
        informers.forEach(SharedIndexInformer::close);
        loop.close();
        replicas.close();
        pool.close();
        LOG.info("Scaler closed");
    }
}
