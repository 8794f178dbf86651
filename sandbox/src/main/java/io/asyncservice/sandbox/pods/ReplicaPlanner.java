package io.asyncservice.sandbox.pods;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The Deployment and ReplicaSet controllers' arithmetic, without the ReplicaSets: given the desired replicas, the
 * current template's hash and the pods, which pods to create and delete. Pure, so it is tested alone.
 *
 * <ul>
 *   <li>Scale up: create pods of the current template.</li>
 *   <li>Scale down: delete the excess, not-ready pods first, then the newest, as the ReplicaSet controller
 *       does.</li>
 *   <li>RollingUpdate (the default): at most {@code desired + maxSurge} pods exist; old-template pods are deleted
 *       only while at least {@code desired - maxUnavailable} pods stay ready.</li>
 *   <li>Recreate: every old pod is deleted first; new ones are created once the old ones are gone.</li>
 * </ul>
 * Terminating pods are neither counted nor deleted again, except that Recreate waits for them to be gone.
 */
final class ReplicaPlanner {

    /** The strategy and its bounds, both already resolved to pod counts. */
    record Strategy(boolean recreate, int maxSurge, int maxUnavailable) {

        static Strategy rollingUpdate(int maxSurge, int maxUnavailable) {
            if (maxSurge == 0 && maxUnavailable == 0) {
                return new Strategy(false, 1, 0);
            }
            return new Strategy(false, maxSurge, maxUnavailable);
        }

        static Strategy recreating() {
            return new Strategy(true, 0, 0);
        }
    }

    private ReplicaPlanner() {
    }

    static ReplicaPlan plan(int desired, String currentHash, Strategy strategy, List<PodView> pods) {
        List<PodView> current = new ArrayList<>();
        List<PodView> old = new ArrayList<>();
        boolean oldTerminating = false;
        for (PodView p : pods) {
            boolean isCurrent = currentHash.equals(p.templateHash());
            if (p.terminating()) {
                oldTerminating |= !isCurrent;
            } else if (isCurrent) {
                current.add(p);
            } else {
                old.add(p);
            }
        }
        List<String> delete = new ArrayList<>();
        if (strategy.recreate()) {
            old.forEach(p -> delete.add(p.name()));
            if (!old.isEmpty() || oldTerminating) {
                return new ReplicaPlan(0, delete);
            }
        }
        if (current.size() > desired) {
            deletionOrder(current).stream().limit(current.size() - desired).forEach(p -> delete.add(p.name()));
        }
        int create = 0;
        if (old.isEmpty()) {
            create = Math.max(0, desired - current.size());
        } else if (!strategy.recreate()) {
            int allowed = desired + strategy.maxSurge();
            create = Math.max(0, Math.min(desired - current.size(), allowed - current.size() - old.size()));
            long readyCurrent = current.stream().filter(PodView::ready).count();
            int minAvailable = Math.max(0, desired - strategy.maxUnavailable());
            long scaleDown = desired == 0 ? old.size()
                    : Math.max(0, Math.min(old.size(), old.size() + readyCurrent - minAvailable));
            List<PodView> oldOrdered = deletionOrder(old);
            // Old pods that are not ready never count towards availability: they may always go.
            oldOrdered.stream().filter(p -> !p.ready()).forEach(p -> delete.add(p.name()));
            long readyOldToDelete = scaleDown - oldOrdered.stream().filter(p -> !p.ready()).count();
            oldOrdered.stream().filter(PodView::ready).limit(Math.max(0, readyOldToDelete)).forEach(p -> delete.add(p.name()));
        }
        return new ReplicaPlan(create, delete);
    }

    /** Not-ready pods first, then the newest. */
    private static List<PodView> deletionOrder(List<PodView> pods) {
        List<PodView> ordered = new ArrayList<>(pods);
        ordered.sort(Comparator.comparing(PodView::ready)
                .thenComparing(PodView::created, Comparator.reverseOrder())
                .thenComparing(PodView::name));
        return ordered;
    }
}
