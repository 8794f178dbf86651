package io.asyncservice.operator.scaling;

import io.asyncservice.api.v1alpha1.AutoscalingSpec;
import io.asyncservice.api.v1alpha1.Durations;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * An AutoscalingSpec with its defaults applied and its durations parsed: what the policy works with.
 *
 * @param targetBacklogPerReplica the backlog per replica: the target without {@code targetDrainTime}, and the
 *                                fallback with it while no completion rate is known
 * @param targetDrainTime         when set, the time the backlog may take to drain at the measured completion rate,
 *                                instead of a backlog per replica
 * @param drainRateWindow         the window of the moving average of completions that {@code targetDrainTime} uses
 */
public record ScalingRules(
        int minReplicas,
        int maxReplicas,
        int targetBacklogPerReplica,
        long activationBacklog,
        Duration pollingInterval,
        Duration cooldownPeriod,
        Duration scaleDownStabilization,
        OptionalInt fallbackReplicas,
        Optional<Duration> targetDrainTime,
        Duration drainRateWindow) {

    public static final Duration DEFAULT_POLLING_INTERVAL = Duration.ofSeconds(5);
    public static final Duration DEFAULT_COOLDOWN_PERIOD = Duration.ofMinutes(5);
    public static final Duration DEFAULT_SCALE_DOWN_STABILIZATION = Duration.ofMinutes(1);
    public static final Duration DEFAULT_DRAIN_RATE_WINDOW = Duration.ofMinutes(2);

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
        Objects.requireNonNull(targetDrainTime, "targetDrainTime");
        if (targetDrainTime.isPresent() && !isPositive(targetDrainTime.get())) {
            throw new IllegalArgumentException("autoscaling.targetDrainTime must be longer than 0s, got "
                    + DurationText.of(targetDrainTime.get()));
        }
        Objects.requireNonNull(drainRateWindow, "drainRateWindow");
        if (targetDrainTime.isPresent() && !isPositive(drainRateWindow)) {
            throw new IllegalArgumentException("autoscaling.drainRateWindow must be longer than 0s, got "
                    + DurationText.of(drainRateWindow));
        }
    }

    /** Rules that scale on a backlog per replica, without targetDrainTime. */
    public ScalingRules(int minReplicas, int maxReplicas, int targetBacklogPerReplica, long activationBacklog,
                        Duration pollingInterval, Duration cooldownPeriod, Duration scaleDownStabilization,
                        OptionalInt fallbackReplicas) {
        this(minReplicas, maxReplicas, targetBacklogPerReplica, activationBacklog, pollingInterval, cooldownPeriod,
                scaleDownStabilization, fallbackReplicas, Optional.empty(), DEFAULT_DRAIN_RATE_WINDOW);
    }

    /**
     * The rules of a spec, with the API's defaults for missing fields.
     *
     * @throws IllegalArgumentException naming the field when a value is out of range or not a duration, or when both
     *                                  targets are set
     */
    public static ScalingRules from(AutoscalingSpec spec) {
        AutoscalingSpec s = spec == null ? new AutoscalingSpec() : spec;
        if (s.getTargetBacklogPerReplica() != null && s.getTargetDrainTime() != null) {
            throw new IllegalArgumentException("autoscaling: " + AutoscalingSpec.ONE_TARGET);
        }
        return new ScalingRules(
                orDefault(s.getMinReplicas(), 0),
                orDefault(s.getMaxReplicas(), AutoscalingSpec.DEFAULT_MAX_REPLICAS),
                orDefault(s.getTargetBacklogPerReplica(), AutoscalingSpec.DEFAULT_TARGET_BACKLOG_PER_REPLICA),
                orDefault(s.getActivationBacklog(), 0),
                Durations.parseOr("autoscaling.pollingInterval", s.getPollingInterval(), DEFAULT_POLLING_INTERVAL),
                Durations.parseOr("autoscaling.cooldownPeriod", s.getCooldownPeriod(), DEFAULT_COOLDOWN_PERIOD),
                Durations.parseOr("autoscaling.scaleDownStabilization", s.getScaleDownStabilization(),
                        DEFAULT_SCALE_DOWN_STABILIZATION),
                s.getFallbackReplicas() == null ? OptionalInt.empty()
                        : OptionalInt.of(Math.min(s.getFallbackReplicas(), orDefault(s.getMaxReplicas(), AutoscalingSpec.DEFAULT_MAX_REPLICAS))),
                s.getTargetDrainTime() == null ? Optional.empty()
                        : Optional.of(Durations.parse("autoscaling.targetDrainTime", s.getTargetDrainTime())),
                Durations.parseOr("autoscaling.drainRateWindow", s.getDrainRateWindow(), DEFAULT_DRAIN_RATE_WINDOW));
    }

    private static int orDefault(Integer value, int fallback) {
        return value == null ? fallback : value;
    }

    private static boolean isPositive(Duration d) {
        return !d.isZero() && !d.isNegative();
    }

    /** The fewest replicas while there is work: never 0. */
    public int awakeMinimum() {
        return Math.max(minReplicas, 1);
    }

    /** A copy that scales on drain time; for tests and callers that build rules by hand. */
    public ScalingRules withTargetDrainTime(Duration drainTime, Duration rateWindow) {
        return new ScalingRules(minReplicas, maxReplicas, targetBacklogPerReplica, activationBacklog, pollingInterval,
                cooldownPeriod, scaleDownStabilization, fallbackReplicas, Optional.of(drainTime), rateWindow);
    }
}
