package io.asyncservice.operator.scaling.scalein;

import io.asyncservice.operator.scaling.ScaleInPreparation;
import io.asyncservice.operator.scaling.ScaledService;
import java.util.Map;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Busy-aware scale-in: before the scaler lowers a service's replicas (to at least 1), it reads every Pod's sidecar
 * load ({@link PodLoadSurvey}), lets {@link DeletionCostPolicy} rank them (idle lowest, unreadable highest) and writes
 * the Pods' deletion cost where it changed, so that the ReplicaSet controller removes the idle Pods first. Whatever
 * fails here (the list, a read, a patch) is logged and the scale-in goes on: a Pod not read counts as busy, a Pod not
 * patched keeps its old cost.
 */
public final class DeletionCostScaleIn implements ScaleInPreparation {

    private static final Logger LOG = LoggerFactory.getLogger(DeletionCostScaleIn.class);
    private static final int REASONS_LOGGED = 5;

    private final PodLoadSurvey survey;
    private final ServicePods pods;
    private final DeletionCostPolicy policy;

    public DeletionCostScaleIn(PodLoadSurvey survey, ServicePods pods, DeletionCostPolicy policy) {
        this.survey = survey;
        this.pods = pods;
        this.policy = policy;
    }

    @Override
    public void beforeScaleIn(ScaledService service, int from, int to) {
        PodLoads loads;
        try {
            loads = survey.read(service);
        } catch (RuntimeException e) {
            LOG.warn("{}: scaling in from {} to {} without choosing the idle pods: listing the pods failed: {}",
                    service.key(), from, to, e.toString());
            return;
        }
        Map<String, String> unreadable = loads.unreadable();
        if (!unreadable.isEmpty()) {
            LOG.info("{}: {} pod(s) count as busy, their load could not be read: {}", service.key(), unreadable.size(),
                    firstFew(unreadable));
        }
        Map<String, String> patches = policy.patches(loads);
        int failed = 0;
        for (Map.Entry<String, String> patch : patches.entrySet()) {
            try {
                pods.setDeletionCost(service, patch.getKey(), patch.getValue());
            } catch (RuntimeException e) {
                failed++;
                LOG.warn("{}: could not set the deletion cost of pod {} to {}: {}", service.key(), patch.getKey(),
                        patch.getValue(), e.toString());
            }
        }
        LOG.info("{}: scaling in from {} to {}, idle pods first: {}; deletion cost written on {} pod(s){}", service.key(),
                from, to, loads.summary(), patches.size() - failed, failed == 0 ? "" : ", " + failed + " failed");
    }

    /** At most {@value #REASONS_LOGGED} of the reasons, so that a large service does not write a huge line. */
    private static String firstFew(Map<String, String> reasons) {
        String shown = reasons.entrySet().stream().limit(REASONS_LOGGED).map(e -> e.getKey() + ": " + e.getValue())
                .collect(Collectors.joining("; "));
        return reasons.size() <= REASONS_LOGGED ? shown : shown + "; and " + (reasons.size() - REASONS_LOGGED) + " more";
    }
}
