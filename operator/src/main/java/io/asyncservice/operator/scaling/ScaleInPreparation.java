package io.asyncservice.operator.scaling;

/**
 * What the scaler does before it lowers a service's replicas to a count of at least 1: in the operator,
 * {@code scalein.DeletionCostScaleIn}, which marks the idle Pods to be removed first. Scaling to zero needs nothing:
 * every Pod goes and drains.
 */
public interface ScaleInPreparation {

    /** Does nothing, e.g. for tests of the loop alone. */
    ScaleInPreparation NONE = (service, from, to) -> { };

    /**
     * Called before the Deployment's replicas go from {@code from} down to {@code to} (1 ≤ to &lt; from), on the
     * scaler's apply thread. Must not throw: the replicas are lowered afterwards whatever happened here.
     */
    void beforeScaleIn(ScaledService service, int from, int to);
}
