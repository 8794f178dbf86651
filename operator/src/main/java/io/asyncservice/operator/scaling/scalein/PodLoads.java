package io.asyncservice.operator.scaling.scalein;

import io.asyncservice.api.sidecar.SidecarLoad;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The sidecar loads of one AsyncService's Pods, read in one cycle: one {@link PodLoad} per Pod. The scale-in uses them
 * to order the Pods; anything that wants the Pods' counters (e.g. {@code succeeded} per Pod, poll after poll) can read
 * them from {@link #readable()}.
 */
public record PodLoads(List<PodLoad> pods) {

    public PodLoads {
        pods = List.copyOf(pods);
    }

    public static PodLoads none() {
        return new PodLoads(List.of());
    }

    /** The loads read, by Pod name. */
    public Map<String, SidecarLoad> readable() {
        Map<String, SidecarLoad> loads = new TreeMap<>();
        for (PodLoad p : pods) {
            if (p instanceof PodLoad.Readable r) {
                loads.put(r.name(), r.load());
            }
        }
        return loads;
    }

    /** Why each unread Pod could not be read, by Pod name. */
    public Map<String, String> unreadable() {
        Map<String, String> reasons = new TreeMap<>();
        for (PodLoad p : pods) {
            if (p instanceof PodLoad.Unreadable u) {
                reasons.put(u.name(), u.reason());
            }
        }
        return reasons;
    }

    /** E.g. "3 pods: 1 idle, 1 busy, 1 unreadable", for the log. */
    public String summary() {
        long idle = readable().values().stream().filter(SidecarLoad::idle).count();
        int read = readable().size();
        return pods.size() + " pods: " + idle + " idle, " + (read - idle) + " busy, " + (pods.size() - read) + " unreadable";
    }
}
