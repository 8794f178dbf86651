package io.asyncservice.operator.scaling.scalein;

import io.asyncservice.api.sidecar.SidecarLoad;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Which Pods of a service Kubernetes should remove first when the scaler lowers its replicas: the deletion cost of
 * each Pod ({@link ServicePod#DELETION_COST_ANNOTATION}; the ReplicaSet controller removes the lowest first). Pure: no
 * I/O, no clock.
 *
 * <ul>
 *   <li>Idle (nothing in flight, not draining): {@value #IDLE_COST}, the lowest, so an idle Pod goes first. It is also
 *       what a Pod without the annotation counts as.</li>
 *   <li>Busy: {@code 1 + 1,000,000 × inFlight + whole seconds of the oldest message in flight}, so more messages in
 *       flight cost more, and among equal counts older work costs more. The count is capped at
 *       {@value #MAX_IN_FLIGHT_COUNTED} and the age at {@value #MAX_SECONDS_COUNTED} s, which keeps every cost under
 *       {@link #UNREADABLE_COST}. A draining Pod with nothing in flight costs 1: above idle, below any work.</li>
 *   <li>Unreadable (no IP, no answer, no valid answer): {@link #UNREADABLE_COST} ({@code Integer.MAX_VALUE}), the
 *       highest: the scaler does not know what it would lose, so it counts the Pod as the busiest.</li>
 * </ul>
 */
public final class DeletionCostPolicy {

    public static final int IDLE_COST = 0;
    public static final int UNREADABLE_COST = Integer.MAX_VALUE;
    static final int PER_MESSAGE = 1_000_000;
    static final int MAX_IN_FLIGHT_COUNTED = 2_000;
    static final int MAX_SECONDS_COUNTED = PER_MESSAGE - 1;

    /** The cost of one Pod. */
    public int cost(PodLoad pod) {
        if (pod instanceof PodLoad.Readable r) {
            return cost(r.load());
        }
        return UNREADABLE_COST;
    }

    /** The cost of a Pod whose sidecar answered with {@code load}. */
    public int cost(SidecarLoad load) {
        if (load.idle()) {
            return IDLE_COST;
        }
        int messages = Math.min(load.inFlight(), MAX_IN_FLIGHT_COUNTED);
        int seconds = (int) Math.min(Math.floor(load.oldestInFlightSeconds()), MAX_SECONDS_COUNTED);
        return 1 + messages * PER_MESSAGE + seconds;
    }

    /** The annotation value every Pod should carry, by Pod name. */
    public Map<String, String> costs(PodLoads loads) {
        Map<String, String> costs = new TreeMap<>();
        for (PodLoad pod : loads.pods()) {
            costs.put(pod.name(), Integer.toString(cost(pod)));
        }
        return costs;
    }

    /**
     * The Pods whose annotation must be written, with the value: those whose current annotation differs from
     * {@link #costs}. A Pod that already carries its cost needs no patch.
     */
    public Map<String, String> patches(PodLoads loads) {
        Map<String, String> patches = new TreeMap<>();
        Map<String, String> costs = costs(loads);
        for (PodLoad pod : loads.pods()) {
            String wanted = costs.get(pod.name());
            if (!Objects.equals(pod.pod().deletionCost(), wanted)) {
                patches.put(pod.name(), wanted);
            }
        }
        return patches;
    }
}
