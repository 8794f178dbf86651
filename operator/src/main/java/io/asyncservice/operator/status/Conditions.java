package io.asyncservice.operator.status;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ConditionBuilder;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;

/** The AsyncService's conditions, written the Kubernetes way: one per type, and a transition time that moves only when the status does. */
public final class Conditions {

    /** True while the service can process messages: pods are ready, or it is scaled to zero on purpose. */
    public static final String READY = "Ready";
    /** False while the spec has a problem the schema could not catch; the Deployment is then left as it was. */
    public static final String VALID = "Valid";

    public static final String REASON_SPEC_VALID = "SpecValid";
    public static final String REASON_AVAILABLE = "Available";
    public static final String REASON_SCALED_TO_ZERO = "ScaledToZero";
    public static final String REASON_PROGRESSING = "Progressing";
    public static final String REASON_INVALID_SPEC = "InvalidSpec";
    public static final String REASON_RECONCILE_FAILED = "ReconcileFailed";

    private static final int MAX_MESSAGE_LENGTH = 1024;

    private Conditions() {
    }

    public static Optional<Condition> find(List<Condition> conditions, String type) {
        return conditions == null ? Optional.empty()
                : conditions.stream().filter(c -> type.equals(c.getType())).findFirst();
    }

    /**
     * Sets the condition of {@code type} in place, keeping its position and, when its status did not change, its
     * lastTransitionTime.
     */
    public static void set(List<Condition> conditions, String type, boolean status, String reason, String message,
            Long generation, Instant now) {
        String statusText = status ? "True" : "False";
        Optional<Condition> existing = find(conditions, type);
        String transition = existing.filter(c -> statusText.equals(c.getStatus()))
                .map(Condition::getLastTransitionTime)
                .orElse(now.truncatedTo(ChronoUnit.SECONDS).toString());
        Condition next = new ConditionBuilder()
                .withType(type)
                .withStatus(statusText)
                .withReason(reason)
                .withMessage(truncate(message))
                .withObservedGeneration(generation)
                .withLastTransitionTime(transition)
                .build();
        if (existing.isPresent()) {
            conditions.set(conditions.indexOf(existing.get()), next);
        } else {
            conditions.add(next);
        }
    }

    static String truncate(String message) {
        if (message == null || message.length() <= MAX_MESSAGE_LENGTH) {
            return message;
        }
        return message.substring(0, MAX_MESSAGE_LENGTH - 3) + "...";
    }
}
