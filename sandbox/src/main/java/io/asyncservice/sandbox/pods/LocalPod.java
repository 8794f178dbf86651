package io.asyncservice.sandbox.pods;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One pod running on this machine: its native sidecars (started first) and its containers, sharing one
 * {@link PortPlan}, and its own pod IP ({@link PodIps}). The runner's loop ticks it; {@link TerminationSequence}
 * stops it.
 */
public final class LocalPod {

    private final String namespace;
    private final String name;
    private final String uid;
    private final Map<String, String> labels;
    private final String restartPolicy;
    private final List<LocalContainer> nativeSidecars;
    private final List<LocalContainer> mainContainers;
    private final PortPlan ports;
    private final String ip;
    private final Path dir;
    private final Instant startTime;
    private final AtomicBoolean terminating = new AtomicBoolean();

    LocalPod(String namespace, String name, String uid, Map<String, String> labels, String restartPolicy,
            List<LocalContainer> nativeSidecars, List<LocalContainer> mainContainers, PortPlan ports, String ip,
            Path dir, Instant startTime) {
        this.namespace = namespace;
        this.name = name;
        this.uid = uid;
        this.labels = labels == null ? Map.of() : Map.copyOf(labels);
        this.restartPolicy = restartPolicy == null ? "Always" : restartPolicy;
        this.nativeSidecars = List.copyOf(nativeSidecars);
        this.mainContainers = List.copyOf(mainContainers);
        this.ports = ports;
        this.ip = ip;
        this.dir = dir;
        this.startTime = startTime;
    }

    public String namespace() {
        return namespace;
    }

    public String name() {
        return name;
    }

    String uid() {
        return uid;
    }

    /** The pod's labels when it started, for the Services that select it. */
    Map<String, String> labels() {
        return labels;
    }

    /** Always, OnFailure or Never. */
    String restartPolicy() {
        return restartPolicy;
    }

    /** True once every regular container has exited for good, as restartPolicy OnFailure or Never allows. */
    boolean completed() {
        return !"Always".equals(restartPolicy)
                && mainContainers.stream().allMatch(c -> c.process().snapshot().finalTermination() != null);
    }

    PortPlan ports() {
        return ports;
    }

    /** The pod's IP, its {@code status.podIP}: a loopback address of its own, see {@link PodIpForwards}. */
    public String ip() {
        return ip;
    }

    Path dir() {
        return dir;
    }

    Instant startTime() {
        return startTime;
    }

    List<LocalContainer> nativeSidecars() {
        return nativeSidecars;
    }

    List<LocalContainer> mainContainers() {
        return mainContainers;
    }

    List<LocalContainer> containers() {
        List<LocalContainer> all = new ArrayList<>(nativeSidecars);
        all.addAll(mainContainers);
        return all;
    }

    /** The pid of a container's running process, e.g. for a test that kills a sidecar with SIGKILL. */
    public Optional<Long> pid(String container) {
        return containers().stream().filter(c -> c.name().equals(container)).findFirst()
                .flatMap(c -> c.process().pid());
    }

    /** The container names, native sidecars first. */
    public List<String> containerNames() {
        return containers().stream().map(LocalContainer::name).toList();
    }

    /** Where a container's output goes. */
    public Optional<Path> logFile(String container) {
        return containers().stream().filter(c -> c.name().equals(container)).findFirst()
                .map(c -> c.process().logFile());
    }

    boolean isTerminating() {
        return terminating.get();
    }

    /** Marks the pod terminating; true only for the first caller. */
    boolean beginTermination() {
        return terminating.compareAndSet(false, true);
    }

    /** Restarts what exited, starts what is due (main containers once every native sidecar runs), probes readiness. */
    void tick(Instant now) {
        boolean mayStart = !terminating.get();
        for (LocalContainer c : nativeSidecars) {
            c.tick(now, mayStart);
        }
        boolean sidecarsUp = nativeSidecars.stream().allMatch(c -> c.process().isRunning());
        for (LocalContainer c : mainContainers) {
            c.tick(now, mayStart && sidecarsUp);
        }
    }

    boolean ready() {
        return !terminating.get() && containers().stream().allMatch(LocalContainer::ready);
    }
}
