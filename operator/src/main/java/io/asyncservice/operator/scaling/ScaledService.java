package io.asyncservice.operator.scaling;

import io.asyncservice.api.v1alpha1.AsyncService;
import io.asyncservice.api.v1alpha1.AsyncServiceStatus;
import io.asyncservice.api.v1alpha1.BrokerSpec;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * What the scaler needs of one autoscaled AsyncService, taken from the resource when it is tracked: where it is,
 * the Deployment it scales, the input queue and the rules.
 *
 * @param inputFingerprint the input as JSON, to tell whether a change needs a new backlog reader
 * @param observedStatus   the scaler's fields as the resource has them now, to notice when another writer put back
 *                         older values; empty when unknown
 */
public record ScaledService(
        ServiceKey key,
        String uid,
        String deploymentName,
        BrokerSpec input,
        String inputFingerprint,
        ScalingRules rules,
        OptionalInt pausedReplicas,
        Optional<ObservedStatus> observedStatus) {

    /** The scaler's part of an AsyncService's status, as read from the resource. */
    public record ObservedStatus(Long backlog, Integer desiredReplicas, String backlogAvailable, String reason) {

        /** Whether the resource shows what the scaler last wrote. */
        public boolean shows(ScaleStatus written) {
            return Objects.equals(backlog, written.backlog())
                    && Objects.equals(desiredReplicas, written.desiredReplicas())
                    && Objects.equals(backlogAvailable, written.backlogAvailable() ? "True" : "False")
                    && Objects.equals(reason, written.reason());
        }
    }

    public ScaledService {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(deploymentName, "deploymentName");
        Objects.requireNonNull(input, "input");
        Objects.requireNonNull(rules, "rules");
    }

    /**
     * The scaler's view of an AsyncService with autoscaling.
     *
     * @throws IllegalArgumentException when the service has no autoscaling or no input, or a rule is out of range
     */
    public static ScaledService from(AsyncService service, String deploymentName) {
        if (service.getSpec() == null || service.getSpec().getAutoscaling() == null) {
            throw new IllegalArgumentException("AsyncService " + ServiceKey.of(service) + " has no autoscaling");
        }
        BrokerSpec input = service.getSpec().getInput();
        if (input == null || input.kindCount() != 1) {
            throw new IllegalArgumentException("AsyncService " + ServiceKey.of(service) + " needs exactly one input broker");
        }
        return new ScaledService(ServiceKey.of(service), service.getMetadata().getUid(), deploymentName, input,
                Serialization.asJson(input), ScalingRules.from(service.getSpec().getAutoscaling()),
                pausedReplicas(service.getMetadata().getAnnotations()), observed(service.getStatus()));
    }

    private static Optional<ObservedStatus> observed(AsyncServiceStatus status) {
        if (status == null) {
            return Optional.empty();
        }
        Condition condition = status.getConditions() == null ? null : status.getConditions().stream()
                .filter(c -> ScaleStatus.CONDITION_TYPE.equals(c.getType())).findFirst().orElse(null);
        return Optional.of(new ObservedStatus(status.getBacklog(), status.getDesiredReplicas(),
                condition == null ? null : condition.getStatus(), condition == null ? null : condition.getReason()));
    }

    /** Whether the AsyncService asks for autoscaling. */
    public static boolean isAutoscaled(AsyncService service) {
        return service.getSpec() != null && service.getSpec().getAutoscaling() != null;
    }

    /** Whether {@code other} reads the same queue the same way, so an open reader can be kept. */
    public boolean sameInput(ScaledService other) {
        return inputFingerprint.equals(other.inputFingerprint);
    }

    public String namespace() {
        return key.namespace();
    }

    public String name() {
        return key.name();
    }

    /** The count from the pause annotation; a value that is not a non-negative integer is ignored. */
    static OptionalInt pausedReplicas(Map<String, String> annotations) {
        if (annotations == null) {
            return OptionalInt.empty();
        }
        String value = annotations.get(ScalingPolicy.PAUSE_ANNOTATION);
        if (value == null) {
            return OptionalInt.empty();
        }
        try {
            int n = Integer.parseInt(value.trim());
            return n >= 0 ? OptionalInt.of(n) : OptionalInt.empty();
        } catch (NumberFormatException e) {
            return OptionalInt.empty();
        }
    }
}
