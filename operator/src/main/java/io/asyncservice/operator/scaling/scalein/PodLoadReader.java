package io.asyncservice.operator.scaling.scalein;

import java.util.List;

/** Reads {@code /load} from the sidecar of each Pod. In the operator: {@link HttpPodLoadReader}. */
public interface PodLoadReader {

    /** One {@link PodLoad} per Pod, in the given order; a Pod that cannot be read is {@link PodLoad.Unreadable}. Never throws. */
    PodLoads read(List<ServicePod> pods);
}
