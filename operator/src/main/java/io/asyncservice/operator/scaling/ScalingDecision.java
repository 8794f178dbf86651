package io.asyncservice.operator.scaling;

/**
 * What the policy decided for one poll.
 *
 * @param desiredReplicas the replicas the Deployment should have
 * @param reason          one sentence for the Event and the logs, e.g. "Scaled from 0 to 3: backlog 27, target 10 per replica"
 * @param changed         whether {@code desiredReplicas} differs from the current replicas
 * @param history         the history to pass to the next poll
 */
public record ScalingDecision(int desiredReplicas, String reason, boolean changed, ScalingHistory history) {
}
