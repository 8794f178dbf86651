package io.asyncservice.operator.scaling;

import java.time.Duration;
import java.time.Instant;
import java.util.OptionalDouble;
import java.util.OptionalInt;

/**
 * Decides the replicas of one AsyncService from its backlog. Pure: no I/O, no clock, no Kubernetes; everything it
 * knows comes in as arguments and the history it needs next time goes out with the decision.
 *
 * <ul>
 *   <li>Above activationBacklog: ceil(backlog / targetBacklogPerReplica), clamped to [max(min, 1), max]; a Kafka
 *       backlog is also capped at the partition count (minReplicas still wins over that cap, as the user asked for it).</li>
 *   <li>With targetDrainTime instead: ceil(backlog / (completions per second per replica × targetDrainTime)), from
 *       the measured rate; while no rate is known, targetBacklogPerReplica's default of 10 (see {@link ScalingTarget}).
 *       Everything else below applies the same.</li>
 *   <li>To zero only when minReplicas = 0 and the backlog has stayed at or under activationBacklog for cooldownPeriod;
 *       a service at zero stays there until the backlog exceeds activationBacklog.</li>
 *   <li>Up at once; down to the highest desired value within scaleDownStabilization, so the count never flaps.</li>
 *   <li>On a failed read: never down; the current replicas, or fallbackReplicas (if higher) after
 *       {@code failuresBeforeFallback} failures in a row. A failed read counts as activity for the cooldown.</li>
 *   <li>Paused: the paused count, whatever the backlog.</li>
 * </ul>
 */
public final class ScalingPolicy {

    public static final String PAUSE_ANNOTATION = "asyncservice.io/paused-replicas";

    private final int failuresBeforeFallback;

    public ScalingPolicy(int failuresBeforeFallback) {
        if (failuresBeforeFallback < 1) {
            throw new IllegalArgumentException("failuresBeforeFallback must be at least 1");
        }
        this.failuresBeforeFallback = failuresBeforeFallback;
    }

    /**
     * @param reading         this poll's backlog, or why it could not be read
     * @param currentReplicas the Deployment's replicas now
     * @param now             the time of the reading
     * @param rules           the AsyncService's autoscaling rules
     * @param pausedReplicas  the count from the pause annotation, if present
     * @param history         what the previous decision returned, or {@link ScalingHistory#empty()}
     * @param completionRate  the measured completions per second per replica ({@link CompletionRate}), used with
     *                        targetDrainTime; empty (or not above zero) when none is known
     */
    public ScalingDecision decide(BacklogReading reading, int currentReplicas, Instant now, ScalingRules rules,
                                  OptionalInt pausedReplicas, ScalingHistory history, OptionalDouble completionRate) {
        if (reading instanceof BacklogReading.Unavailable failure) {
            return decideWithoutBacklog(failure, currentReplicas, now, rules, pausedReplicas, history);
        }
        Backlog backlog = ((BacklogReading.Available) reading).backlog();
        return decideWithBacklog(backlog, currentReplicas, now, ScalingTarget.of(rules, completionRate), rules,
                pausedReplicas, history.withSuccessfulRead());
    }

    private ScalingDecision decideWithoutBacklog(BacklogReading.Unavailable failure, int current, Instant now,
                                                 ScalingRules rules, OptionalInt paused, ScalingHistory previous) {
        ScalingHistory history = previous.withFailedRead().withActiveAt(now);
        if (paused.isPresent()) {
            return paused(paused.getAsInt(), current, history);
        }
        int failures = history.consecutiveFailures();
        String unavailable = "backlog unavailable (" + failure.reason() + ") for " + failures
                + (failures == 1 ? " read" : " reads in a row");
        int desired = current;
        String reason;
        if (rules.fallbackReplicas().isPresent() && failures >= failuresBeforeFallback) {
            int fallback = rules.fallbackReplicas().getAsInt();
            desired = Math.max(current, fallback);
            reason = desired == current
                    ? keeping(current) + ": " + unavailable + "; fallbackReplicas " + fallback + ", never down on missing data"
                    : scaled(current, desired) + ": " + unavailable + ", fallbackReplicas " + fallback;
        } else {
            reason = keeping(current) + ": " + unavailable + ", never down on missing data";
        }
        return new ScalingDecision(desired, reason, desired != current,
                history.withDesired(now, desired, rules.scaleDownStabilization()));
    }

    private ScalingDecision decideWithBacklog(Backlog backlog, int current, Instant now, ScalingTarget target,
                                              ScalingRules rules, OptionalInt paused, ScalingHistory previous) {
        long messages = backlog.messages();
        boolean active = messages > rules.activationBacklog();
        ScalingHistory history = previous;
        if (previous.lastActive().isEmpty()) {
            // First sight of this service (new, or the operator just started): as if it had just been busy at its
            // current size, so a restart never skips the cooldown or the stabilization window.
            history = history.withDesired(now, current, rules.scaleDownStabilization()).withActiveAt(now);
        }
        if (active) {
            history = history.withActiveAt(now);
        }
        if (paused.isPresent()) {
            return paused(paused.getAsInt(), current, history);
        }
        Scaled scaled = scale(backlog, target, rules);
        history = history.withDesired(now, scaled.replicas(), rules.scaleDownStabilization());
        String load = "backlog " + messages + ", " + target.description() + scaled.note();

        if (!active && rules.minReplicas() == 0) {
            String idle = "backlog " + messages + " at or under activationBacklog " + rules.activationBacklog();
            if (current == 0) {
                return new ScalingDecision(0, keeping(0) + ": " + idle, false, history);
            }
            Duration idleFor = Duration.between(history.lastActive().orElse(now), now);
            int highest = history.highestDesiredSince(now.minus(rules.scaleDownStabilization())).orElse(scaled.replicas());
            if (idleFor.compareTo(rules.cooldownPeriod()) >= 0 && highest <= 1) {
                return new ScalingDecision(0, scaled(current, 0) + ": " + idle + " for cooldownPeriod "
                        + DurationText.of(rules.cooldownPeriod()), true, history);
            }
            load = idle + " for " + DurationText.of(idleFor) + " of cooldownPeriod " + DurationText.of(rules.cooldownPeriod());
        }

        int desired;
        String hold = "";
        if (scaled.replicas() >= current) {
            desired = scaled.replicas();
        } else {
            int highest = history.highestDesiredSince(now.minus(rules.scaleDownStabilization())).orElse(scaled.replicas());
            desired = Math.min(current, highest);
            if (desired > scaled.replicas()) {
                hold = "; highest desired within scaleDownStabilization " + DurationText.of(rules.scaleDownStabilization())
                        + " is " + highest;
            }
        }
        desired = Math.max(rules.awakeMinimum(), Math.min(rules.maxReplicas(), desired));
        boolean changed = desired != current;
        String reason = (changed ? scaled(current, desired) : keeping(current)) + ": " + load + hold;
        return new ScalingDecision(desired, reason, changed, history);
    }

    /** The replicas the backlog asks for when the service is awake, before stabilization. */
    private static Scaled scale(Backlog backlog, ScalingTarget target, ScalingRules rules) {
        long wanted = target.replicasFor(backlog.messages());
        String note = "";
        long replicas = wanted;
        if (replicas > rules.maxReplicas()) {
            replicas = rules.maxReplicas();
            note = ", capped at maxReplicas " + rules.maxReplicas();
        }
        OptionalInt partitions = backlog.partitionCount();
        if (partitions.isPresent() && partitions.getAsInt() > 0 && replicas > partitions.getAsInt()) {
            replicas = partitions.getAsInt();
            note = ", capped at " + partitions.getAsInt() + (partitions.getAsInt() == 1 ? " partition" : " partitions");
        }
        if (replicas < rules.awakeMinimum()) {
            if (rules.minReplicas() > 1) {
                note = note + ", raised to minReplicas " + rules.minReplicas();
            }
            replicas = rules.awakeMinimum();
        }
        return new Scaled((int) replicas, note);
    }

    private record Scaled(int replicas, String note) {
    }

    private static ScalingDecision paused(int pausedReplicas, int current, ScalingHistory history) {
        String why = "paused by annotation " + PAUSE_ANNOTATION;
        boolean changed = pausedReplicas != current;
        String reason = changed ? scaled(current, pausedReplicas) + ": " + why : keeping(current) + ": " + why;
        return new ScalingDecision(pausedReplicas, reason, changed, history);
    }

    private static String scaled(int from, int to) {
        return "Scaled from " + from + " to " + to;
    }

    private static String keeping(int replicas) {
        return "Keeping " + replicas + (replicas == 1 ? " replica" : " replicas");
    }
}
