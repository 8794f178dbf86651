package io.asyncservice.operator.scaling.kubernetes;

import io.asyncservice.api.v1alpha1.AsyncService;
import io.asyncservice.operator.scaling.BrokerBacklogReaders;
import io.asyncservice.operator.scaling.ClientPool;
import io.asyncservice.operator.scaling.ScaleStatusBoard;
import io.asyncservice.operator.scaling.ScalerLoop;
import io.asyncservice.operator.scaling.ScalerMetrics;
import io.asyncservice.operator.scaling.ScalerSettings;
import io.asyncservice.operator.scaling.scalein.DeletionCostPolicy;
import io.asyncservice.operator.scaling.scalein.DeletionCostScaleIn;
import io.asyncservice.operator.scaling.scalein.HttpPodLoadReader;
import io.asyncservice.operator.scaling.scalein.PodLoadSurvey;
import io.asyncservice.operator.scaling.scalein.SidecarCompletionCounters;
import io.asyncservice.operator.status.EventRecorder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.util.Optional;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The scaler on a real (or mock) API server: the loop with its broker readers; the Deployment replicas read from the
 * operator's Deployment informer and patched on the fabric8 client; before a scale-in to 1 or more, the Pods'
 * deletion cost set from their sidecars' {@code /load} ({@link DeletionCostScaleIn}), so the idle Pods go first;
 * Events through the operator's {@link EventRecorder}; and its status published on a {@link ScaleStatusBoard} that
 * the reconciler writes. It has no informer of its own: {@link #eventSource()}, registered with the AsyncService
 * controller, tells it of every AsyncService and asks for a reconcile when its status changed. Polling runs between {@link #startPolling()} and
 * {@link #stopPolling()}, which follow leadership; JOSDK's informers run all along, so a new leader knows every
 * service at once.
 */
public final class KubernetesScaler implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(KubernetesScaler.class);

    private final ClientPool pool;
    private final ScalerLoop loop;
    private final ScaleStatusBoard statuses;
    private final ScalerEventSource eventSource;

    private KubernetesScaler(ClientPool pool, ScalerLoop loop, ScaleStatusBoard statuses, ScalerEventSource eventSource) {
        this.pool = pool;
        this.loop = loop;
        this.statuses = statuses;
        this.eventSource = eventSource;
    }

    /**
     * Builds the scaler; it follows AsyncServices once {@link #eventSource()} is registered with the controller, and
     * polls from {@link #startPolling()} on.
     *
     * @param events         the operator's Event recorder
     * @param deployments    the cached Deployment of a name and namespace: the Deployment dependent's informer
     * @param deploymentName the name of an AsyncService's Deployment
     */
    public static KubernetesScaler create(KubernetesClient client, MeterRegistry registry, Clock clock, ScalerSettings settings,
                                          EventRecorder events, Function<ResourceID, Optional<Deployment>> deployments,
                                          Function<AsyncService, String> deploymentName) {
        ClientPool pool = new ClientPool();
        ScaleStatusBoard statuses = new ScaleStatusBoard();
        KubernetesServicePods pods = new KubernetesServicePods(client, deployments);
        PodLoadSurvey loads = new PodLoadSurvey(pods, HttpPodLoadReader.create());
        ScalerLoop loop = new ScalerLoop(
                new BrokerBacklogReaders(new KubernetesSecretReader(client), pool, settings.callTimeout()),
                new DeploymentReplicaStore(client, clock, deployments),
                new DeletionCostScaleIn(loads, pods, new DeletionCostPolicy()),
                new SidecarCompletionCounters(loads),
                statuses,
                new ScalerEvents(events),
                new ScalerMetrics(registry),
                clock,
                settings);
        return new KubernetesScaler(pool, loop, statuses, new ScalerEventSource(loop, statuses, deploymentName));
    }

    /** The event source to register with the AsyncService controller (in its {@code prepareEventSources}). */
    public ScalerEventSource eventSource() {
        return eventSource;
    }

    /** The scaler's latest status per AsyncService, for the reconciler's {@code StatusFactory} to merge. */
    public ScaleStatusBoard statuses() {
        return statuses;
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
        loop.close();
        pool.close();
        LOG.info("Scaler closed");
    }
}
