package io.asyncservice.operator.scaling;

import java.math.BigDecimal;
import java.math.MathContext;
import java.time.Duration;
import java.util.OptionalDouble;

/**
 * What one replica is expected to take on in one poll, and how to say so in a reason. Pure.
 *
 * <ul>
 *   <li>Without {@code targetDrainTime}: {@code targetBacklogPerReplica} messages.</li>
 *   <li>With {@code targetDrainTime} and a measured rate: what one replica completes within the drain time,
 *       rate × drain time, so desired = ceil(backlog / (rate × drainTimeSeconds)).</li>
 *   <li>With {@code targetDrainTime} but no rate yet (no sidecar has reported, the window is not covered, or nothing
 *       completed in it): {@code targetBacklogPerReplica}, whose default is 10, as the fallback.</li>
 * </ul>
 *
 * @param perReplica  the backlog one replica is expected to handle; positive
 * @param description the part of the reason after the backlog, e.g. "target 10 per replica"
 */
record ScalingTarget(double perReplica, String description) {

    /** Absorbs the rounding of rate × seconds (relative), so that 300 / (0.05 × 600) is 10 replicas and not 11. */
    private static final double ROUNDING = 1e-12;

    static ScalingTarget of(ScalingRules rules, OptionalDouble completionsPerSecondPerReplica) {
        if (rules.targetDrainTime().isEmpty()) {
            return new ScalingTarget(rules.targetBacklogPerReplica(), "target " + rules.targetBacklogPerReplica() + " per replica");
        }
        Duration drainTime = rules.targetDrainTime().get();
        if (!isUsable(completionsPerSecondPerReplica)) {
            return new ScalingTarget(rules.targetBacklogPerReplica(),
                    "no completion rate measured yet, so " + rules.targetBacklogPerReplica() + " per replica");
        }
        double rate = completionsPerSecondPerReplica.getAsDouble();
        double seconds = drainTime.toNanos() / 1e9;
        return new ScalingTarget(rate * seconds,
                rateText(rate) + " msg/s per replica, target drain time " + DurationText.of(drainTime));
    }

    /** ceil(backlog / perReplica): exact for a whole perReplica, never negative, saturating rather than overflowing. */
    long replicasFor(long backlog) {
        if (backlog <= 0) {
            return 0;
        }
        if (perReplica >= 1 && perReplica < Long.MAX_VALUE && perReplica == Math.rint(perReplica)) {
            return -Math.floorDiv(-backlog, (long) perReplica);
        }
        double wanted = Math.ceil(backlog / perReplica * (1 - ROUNDING));
        return wanted >= Long.MAX_VALUE ? Long.MAX_VALUE : Math.max(0, (long) wanted);
    }

    /** A rate that can size replicas: known, finite and above zero. Zero completions say nothing about capacity. */
    static boolean isUsable(OptionalDouble rate) {
        return rate.isPresent() && Double.isFinite(rate.getAsDouble()) && rate.getAsDouble() > 0;
    }

    /** At most three significant digits, no trailing zeros: 0.05, 0.5, 2.33, 12.5; whole numbers from 100 up. */
    static String rateText(double rate) {
        if (rate >= 100) {
            return Long.toString(Math.round(rate));
        }
        return new BigDecimal(rate).round(new MathContext(3)).stripTrailingZeros().toPlainString();
    }
}
