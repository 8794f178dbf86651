package io.asyncservice.operator.validation;

import io.asyncservice.api.v1alpha1.AutoscalingSpec;
import io.asyncservice.api.v1alpha1.Durations;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * {@code autoscaling.targetDrainTime}: one target only (the schema's rule, repeated), durations the scaler can use, a
 * drain time above zero, and a {@code drainRateWindow} long enough to hold the samples the completion rate is measured
 * from (at least two polling intervals).
 */
final class DrainTimeCheck {

    private DrainTimeCheck() {
    }

    static void check(AutoscalingSpec autoscaling, List<ValidationProblem> problems) {
        if (autoscaling.getTargetBacklogPerReplica() != null && autoscaling.getTargetDrainTime() != null) {
            problems.add(new ValidationProblem(ValidationProblem.INVALID_SCALING, "spec.autoscaling: " + AutoscalingSpec.ONE_TARGET));
        }
        DurationChecks.check("spec.autoscaling.targetDrainTime", autoscaling.getTargetDrainTime(), problems);
        DurationChecks.check("spec.autoscaling.drainRateWindow", autoscaling.getDrainRateWindow(), problems);
        Optional<Duration> drainTime = parsed(autoscaling.getTargetDrainTime());
        if (drainTime.isEmpty()) {
            return;
        }
        if (drainTime.get().isZero()) {
            problems.add(new ValidationProblem(ValidationProblem.INVALID_SCALING,
                    "spec.autoscaling.targetDrainTime must be longer than 0s: it is the time the backlog may take to drain"));
        }
        Duration polling = parsed(autoscaling.getPollingInterval()).orElse(Duration.ofSeconds(5));
        Duration window = parsed(autoscaling.getDrainRateWindow()).orElse(Duration.ofMinutes(2));
        if (window.compareTo(polling.multipliedBy(2)) < 0) {
            problems.add(new ValidationProblem(ValidationProblem.INVALID_SCALING,
                    "spec.autoscaling.drainRateWindow (" + Durations.format(window) + ") must be at least twice pollingInterval ("
                            + Durations.format(polling) + "): the completion rate is measured between polls within it; "
                            + "raise drainRateWindow to " + Durations.format(polling.multipliedBy(2)) + " or more"));
        }
    }

    /** The duration, or empty when unset or not a duration (DurationChecks reports that). */
    private static Optional<Duration> parsed(String text) {
        try {
            return text == null ? Optional.empty() : Optional.of(Durations.parse("", text));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
