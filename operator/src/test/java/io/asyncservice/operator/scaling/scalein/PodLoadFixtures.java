package io.asyncservice.operator.scaling.scalein;

import io.asyncservice.api.sidecar.SidecarLoad;
import java.util.List;

/** Readable fixtures: a Pod as the scale-in sees it, with the load its sidecar answered or why none. */
final class PodLoadFixtures {

    private PodLoadFixtures() {
    }

    /** A Pod with an IP and a sidecar port, carrying {@code cost} (null: no annotation). */
    static ServicePod pod(String name, String cost) {
        return new ServicePod(name, "10.0.0.1", 7979, cost);
    }

    static PodLoad idle(String name) {
        return new PodLoad.Readable(pod(name, null), new SidecarLoad(0, 0, 10, false));
    }

    static PodLoad busy(String name, int inFlight, double oldestSeconds) {
        return new PodLoad.Readable(pod(name, null), new SidecarLoad(inFlight, oldestSeconds, 10, false));
    }

    static PodLoad draining(String name, int inFlight, double oldestSeconds) {
        return new PodLoad.Readable(pod(name, null), new SidecarLoad(inFlight, oldestSeconds, 10, true));
    }

    static PodLoad unreadable(String name) {
        return new PodLoad.Unreadable(pod(name, null), "connection refused");
    }

    /** The same reading, on a Pod that carries {@code cost} now. */
    static PodLoad carrying(PodLoad load, String cost) {
        ServicePod p = new ServicePod(load.name(), load.pod().ip(), load.pod().sidecarPort(), cost);
        return load instanceof PodLoad.Readable r ? new PodLoad.Readable(p, r.load())
                : new PodLoad.Unreadable(p, ((PodLoad.Unreadable) load).reason());
    }

    static PodLoads loads(PodLoad... pods) {
        return new PodLoads(List.of(pods));
    }
}
