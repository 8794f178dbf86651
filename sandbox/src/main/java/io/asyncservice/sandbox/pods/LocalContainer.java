package io.asyncservice.sandbox.pods;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.LifecycleHandler;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;

/** A container of a local pod: its process, its readiness as its probe last said, and its spec. */
final class LocalContainer {

    private final Container spec;
    private final ContainerProcess process;
    private final ProbeRunner probes;
    private final PortPlan ports;
    private volatile boolean ready;
    private volatile Instant readySince;
    private CompletableFuture<Boolean> probing;

    LocalContainer(Container spec, ContainerProcess process, ProbeRunner probes, PortPlan ports) {
        this.spec = spec;
        this.process = process;
        this.probes = probes;
        this.ports = ports;
    }

    String name() {
        return spec.getName();
    }

    String image() {
        return spec.getImage();
    }

    Container spec() {
        return spec;
    }

    ContainerProcess process() {
        return process;
    }

    LifecycleHandler preStop() {
        return spec.getLifecycle() == null ? null : spec.getLifecycle().getPreStop();
    }

    boolean ready() {
        return ready;
    }

    /** Starts a due process and refreshes readiness from the readiness probe (without one: ready when running). */
    synchronized void tick(Instant now, boolean mayStart) {
        process.tick(now, mayStart);
        if (!process.isRunning()) {
            setReady(false, now);
            return;
        }
        if (spec.getReadinessProbe() == null) {
            setReady(true, now);
            return;
        }
        if (probing == null || probing.isDone()) {
            if (probing != null) {
                setReady(probing.getNow(false), now);
            }
            probing = probes.check(spec.getReadinessProbe(), ports);
        }
    }

    private void setReady(boolean value, Instant now) {
        if (value != ready || readySince == null) {
            readySince = now;
        }
        ready = value;
    }
}
