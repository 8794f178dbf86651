package io.asyncservice.operator.scaling;

import io.asyncservice.api.v1alpha1.AsyncService;
import io.asyncservice.api.v1alpha1.BrokerSpec;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalInt;

/**
 * What the scaler needs of one autoscaled AsyncService, taken from the resource when it is tracked: where it is,
 * the Deployment it scales, the input queue and the rules.
 *
 * @param inputFingerprint the input as JSON, to tell whether a change needs a new backlog reader
 */
public record ScaledService(
        ServiceKey key,
        String uid,
        String deploymentName,
        BrokerSpec input,
        String inputFingerprint,
        ScalingRules rules,
        OptionalInt pausedReplicas) {

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
                pausedReplicas(service.getMetadata().getAnnotations()));
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
