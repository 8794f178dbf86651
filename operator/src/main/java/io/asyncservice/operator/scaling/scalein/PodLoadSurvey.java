package io.asyncservice.operator.scaling.scalein;

import io.asyncservice.operator.scaling.ScaledService;
import java.util.List;

/**
 * The loads of all the Pods of one AsyncService, now: the Pods listed (one API call), then every sidecar's
 * {@code /load} read in parallel within the reader's bounds. The scale-in uses it; so can anything else that wants the
 * Pods' counters once per poll.
 */
public final class PodLoadSurvey {

    private final ServicePods pods;
    private final PodLoadReader reader;

    public PodLoadSurvey(ServicePods pods, PodLoadReader reader) {
        this.pods = pods;
        this.reader = reader;
    }

    /**
     * @throws RuntimeException when the Pods cannot be listed (e.g. the API server refused); reading a Pod never
     *                          throws, it is {@link PodLoad.Unreadable}
     */
    public PodLoads read(ScaledService service) {
        List<ServicePod> listed = pods.list(service);
        return listed.isEmpty() ? PodLoads.none() : reader.read(listed);
    }
}
