package io.asyncservice.operator.scaling;

import io.asyncservice.api.v1alpha1.AutoscalingSpec;
import io.asyncservice.api.v1alpha1.Durations;
import java.time.Duration;
import java.util.OptionalInt;

/** An AutoscalingSpec with its defaults applied and its durations parsed: what the policy works with. */
public record ScalingRules(
        int minReplicas,
        int maxReplicas,
        int targetBacklogPerReplica,
        long activationBacklog,
        Duration pollingInterval,
        Duration cooldownPeriod,
        Duration scaleDownStabilization,
        OptionalInt fallbackReplicas) {

    public static final Duration DEFAULT_POLLING_INTERVAL = Duration.ofSeconds(5);
    public static final Duration DEFAULT_COOLDOWN_PERIOD = Duration.ofMinutes(5);
    public static final Duration DEFAULT_SCALE_DOWN_STABILIZATION = Duration.ofMinutes(1);

    public ScalingRules {
        if (minReplicas < 0 || maxReplicas < 1 || minReplicas > maxReplicas) {
            throw new IllegalArgumentException("need 0 <= minReplicas <= maxReplicas and maxReplicas >= 1, got "
                    + minReplicas + " and " + maxReplicas);
        }
        if (targetBacklogPerReplica < 1) {
            throw new IllegalArgumentException("targetBacklogPerReplica must be at least 1, got " + targetBacklogPerReplica);
        }
        if (activationBacklog < 0) {
            throw new IllegalArgumentException("activationBacklog must not be negative, got " + activationBacklog);
        }
        if (pollingInterval.isZero() || pollingInterval.isNegative()) {
            throw new IllegalArgumentException("pollingInterval must be positive, got " + pollingInterval);
        }
    }

    /**
     * The rules of a spec, with the API's defaults for missing fields.
     *
     * @throws IllegalArgumentException naming the field when a value is out of range or not a duration
     */
    public static ScalingRules from(AutoscalingSpec spec) {
        AutoscalingSpec s = spec == null ? new AutoscalingSpec() : spec;
        return new ScalingRules(
                orDefault(s.getMinReplicas(), 0),
                orDefault(s.getMaxReplicas(), AutoscalingSpec.DEFAULT_MAX_REPLICAS),
                orDefault(s.getTargetBacklogPerReplica(), 10),
                orDefault(s.getActivationBacklog(), 0),
                Durations.parseOr("autoscaling.pollingInterval", s.getPollingInterval(), DEFAULT_POLLING_INTERVAL),
                Durations.parseOr("autoscaling.cooldownPeriod", s.getCooldownPeriod(), DEFAULT_COOLDOWN_PERIOD),
                Durations.parseOr("autoscaling.scaleDownStabilization", s.getScaleDownStabilization(),
                        DEFAULT_SCALE_DOWN_STABILIZATION),
                s.getFallbackReplicas() == null ? OptionalInt.empty()
                        : OptionalInt.of(Math.min(s.getFallbackReplicas(), orDefault(s.getMaxReplicas(), AutoscalingSpec.DEFAULT_MAX_REPLICAS))));
    }

    private static int orDefault(Integer value, int fallback) {
        return value == null ? fallback : value;
    }

    /** The fewest replicas while there is work: never 0. */
    public int awakeMinimum() {
        return Math.max(minReplicas, 1);
    }
}
