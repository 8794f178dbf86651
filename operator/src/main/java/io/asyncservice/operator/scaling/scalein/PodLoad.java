package io.asyncservice.operator.scaling.scalein;

import io.asyncservice.api.sidecar.SidecarLoad;
import java.util.Objects;

/** One Pod's sidecar load as the scaler read it in one cycle: the load, or why it could not be read. */
public sealed interface PodLoad {

    ServicePod pod();

    default String name() {
        return pod().name();
    }

    /** The sidecar answered {@code /load}. */
    record Readable(ServicePod pod, SidecarLoad load) implements PodLoad {
        public Readable {
            Objects.requireNonNull(pod, "pod");
            Objects.requireNonNull(load, "load");
        }
    }

    /** No answer that could be used: no IP, refused, timed out, not 200, not the load's JSON. */
    record Unreadable(ServicePod pod, String reason) implements PodLoad {
        public Unreadable {
            Objects.requireNonNull(pod, "pod");
            Objects.requireNonNull(reason, "reason");
        }
    }
}
