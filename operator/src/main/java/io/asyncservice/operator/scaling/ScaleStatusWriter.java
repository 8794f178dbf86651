package io.asyncservice.operator.scaling;

/**
 * Writes the scaler's part of an AsyncService's status: backlog, desiredReplicas, lastScaleTime and the
 * BacklogAvailable condition, leaving every other status field and condition as it is.
 */
public interface ScaleStatusWriter {

    void write(ScaledService service, ScaleStatus status);
}
