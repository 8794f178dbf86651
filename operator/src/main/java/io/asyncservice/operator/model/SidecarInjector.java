package io.asyncservice.operator.model;

import io.asyncservice.api.sidecar.SidecarContract;
import io.asyncservice.api.v1alpha1.AsyncServiceSpec;
import io.asyncservice.api.v1alpha1.Durations;
import io.asyncservice.api.v1alpha1.EndpointSpec;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Lifecycle;
import io.fabric8.kubernetes.api.model.LifecycleHandlerBuilder;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Volume;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Puts the sidecar into the user's pod spec. Everything the user wrote stays, in its order; the only change to a
 * user container is the endpoint container's preStop hook.
 *
 * <p><b>preStop.</b> The endpoint container gets an httpGet preStop hook on the sidecar's
 * {@link SidecarContract#DRAIN_PATH}, so the app keeps serving until the sidecar has finished and acked its
 * in-flight messages. The hook sends the Deployment's {@link DrainToken} in {@link SidecarContract#DRAIN_TOKEN_HEADER},
 * without which the sidecar refuses to drain. If the user already wrote a preStop hook, theirs is kept and nothing is
 * added: a container has only one preStop handler and two cannot be chained. The drain still happens, because the
 * sidecar drains on SIGTERM too; what is lost is only that the app is no longer held until the drain ends, so an
 * in-flight request may fail and its message is released back to the broker and redelivered.
 */
public final class SidecarInjector {

    /** Time for the sidecar to ack and publish after the last request returns. */
    public static final Duration TERMINATION_MARGIN = Duration.ofSeconds(30);
    private static final long KUBERNETES_DEFAULT_GRACE_SECONDS = 30;

    private SidecarInjector() {
    }

    /**
     * @param userPodSpec a copy of the user's pod spec; it is changed in place and returned
     */
    public static PodSpec inject(PodSpec userPodSpec, AsyncServiceSpec spec, Container sidecar, List<Volume> volumes,
            DrainToken drainToken) {
        int sidecarPort = SidecarConfigFactory.sidecarPort(spec);
        endpointContainer(userPodSpec, spec.getEndpoint()).ifPresent(c -> addDrainHook(c, sidecarPort, drainToken));
        if (Boolean.TRUE.equals(spec.getSidecar() == null ? null : spec.getSidecar().getNativeSidecar())) {
            userPodSpec.setInitContainers(append(userPodSpec.getInitContainers(), sidecar));
        } else {
            userPodSpec.setContainers(append(userPodSpec.getContainers(), sidecar));
        }
        List<Volume> allVolumes = new ArrayList<>(nullToEmpty(userPodSpec.getVolumes()));
        allVolumes.addAll(volumes);
        userPodSpec.setVolumes(allVolumes);
        userPodSpec.setTerminationGracePeriodSeconds(terminationGracePeriodSeconds(userPodSpec, spec.getEndpoint()));
        return userPodSpec;
    }

    /** The container the sidecar calls: the one named in the endpoint, else the first. */
    public static Optional<Container> endpointContainer(PodSpec podSpec, EndpointSpec endpoint) {
        List<Container> containers = nullToEmpty(podSpec.getContainers());
        String name = endpoint == null ? null : endpoint.getContainer();
        if (name == null || name.isBlank()) {
            return containers.stream().findFirst();
        }
        return containers.stream().filter(c -> name.equals(c.getName())).findFirst();
    }

    /** At least the endpoint timeout plus {@link #TERMINATION_MARGIN}, and never less than the user asked for. */
    static long terminationGracePeriodSeconds(PodSpec podSpec, EndpointSpec endpoint) {
        long user = podSpec.getTerminationGracePeriodSeconds() == null
                ? KUBERNETES_DEFAULT_GRACE_SECONDS : podSpec.getTerminationGracePeriodSeconds();
        Duration timeout = Durations.parseOr("spec.endpoint.timeout", endpoint == null ? null : endpoint.getTimeout(),
                Duration.ofMinutes(5));
        long needed = timeout.plus(TERMINATION_MARGIN).toSeconds() + (timeout.toMillisPart() > 0 ? 1 : 0);
        return Math.max(user, needed);
    }

    private static void addDrainHook(Container container, int sidecarPort, DrainToken drainToken) {
        Lifecycle lifecycle = container.getLifecycle() == null ? new Lifecycle() : container.getLifecycle();
        if (lifecycle.getPreStop() != null) {
            return;
        }
        lifecycle.setPreStop(new LifecycleHandlerBuilder()
                .withNewHttpGet().withPath(SidecarContract.DRAIN_PATH).withPort(new IntOrString(sidecarPort))
                        .addNewHttpHeader(SidecarContract.DRAIN_TOKEN_HEADER, drainToken.value()).endHttpGet()
                .build());
        container.setLifecycle(lifecycle);
    }

    private static List<Container> append(List<Container> containers, Container sidecar) {
        List<Container> all = new ArrayList<>(nullToEmpty(containers));
        all.add(sidecar);
        return all;
    }

    private static <T> List<T> nullToEmpty(List<T> list) {
        return list == null ? List.of() : list;
    }
}
