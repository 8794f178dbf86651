package io.asyncservice.operator.scaling;

import java.time.Instant;

/**
 * What the scaler wants an AsyncService's status to show after a poll. It publishes it on the
 * {@link ScaleStatusBoard}; the reconciler writes it.
 *
 * @param backlog          the backlog of the last successful read, or null if there never was one
 * @param desiredReplicas  the replicas the scaler wants
 * @param lastScaleTime    when the scaler last changed the replicas, or null if it never did
 * @param backlogAvailable the BacklogAvailable condition's status
 * @param reason           the condition's reason, e.g. {@code BacklogRead} or {@code Unreachable}
 * @param message          the condition's message
 */
public record ScaleStatus(Long backlog, int desiredReplicas, Instant lastScaleTime, boolean backlogAvailable, String reason,
                          String message) {

    public static final String CONDITION_TYPE = "BacklogAvailable";
    public static final String READ_REASON = "BacklogRead";

    /** Whether writing {@code next} after this changes anything a person would see, apart from the message's details. */
    public boolean sameAs(ScaleStatus next) {
        return next != null
                && java.util.Objects.equals(backlog, next.backlog)
                && desiredReplicas == next.desiredReplicas
                && java.util.Objects.equals(lastScaleTime, next.lastScaleTime)
                && backlogAvailable == next.backlogAvailable
                && reason.equals(next.reason)
                && (backlogAvailable || message.equals(next.message));
    }
}
