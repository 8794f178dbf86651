package io.asyncservice.operator.scaling;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertAll;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ScalingPolicyTest {

    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    private static final ScalingPolicy POLICY = new ScalingPolicy(3);

    /**
     * One poll: the time, the reading (null backlog = a failed read), the measured completion rate, and the replicas
     * expected after it.
     */
    record Step(int atSecond, Long backlog, OptionalInt partitions, OptionalDouble rate, int expected) {
        @Override
        public String toString() {
            return "t=" + atSecond + "s " + (backlog == null ? "FAIL" : "backlog " + backlog
                    + partitions.stream().mapToObj(p -> "/" + p + "p").findFirst().orElse(""))
                    + rate.stream().mapToObj(r -> " at " + r + " msg/s").findFirst().orElse("") + " -> " + expected;
        }

        Step withExpected(int replicas) {
            return new Step(atSecond, backlog, partitions, rate, replicas);
        }
    }

    static Step at(int second, long backlog, int expected) {
        return new Step(second, backlog, OptionalInt.empty(), OptionalDouble.empty(), expected);
    }

    static Step kafka(int second, long backlog, int partitions, int expected) {
        return new Step(second, backlog, OptionalInt.of(partitions), OptionalDouble.empty(), expected);
    }

    static Step failedAt(int second, int expected) {
        return new Step(second, null, OptionalInt.empty(), OptionalDouble.empty(), expected);
    }

    /** A poll that also brings a measured rate, in completions per second per replica. */
    static Step rated(int second, long backlog, double rate, int expected) {
        return new Step(second, backlog, OptionalInt.empty(), OptionalDouble.of(rate), expected);
    }

    /** Rules with the defaults of the API, then the few fields a case changes. */
    static Rules rules() {
        return new Rules(0, 10, 10, 0, 300, 60, null, null);
    }

    record Rules(int min, int max, int target, long activation, int cooldownSeconds, int stabilizationSeconds, Integer fallback,
                 Integer drainSeconds) {
        Rules min(int v) { return new Rules(v, max, target, activation, cooldownSeconds, stabilizationSeconds, fallback, drainSeconds); }
        Rules max(int v) { return new Rules(min, v, target, activation, cooldownSeconds, stabilizationSeconds, fallback, drainSeconds); }
        Rules activation(long v) { return new Rules(min, max, target, v, cooldownSeconds, stabilizationSeconds, fallback, drainSeconds); }
        Rules cooldown(int s) { return new Rules(min, max, target, activation, s, stabilizationSeconds, fallback, drainSeconds); }
        Rules stabilization(int s) { return new Rules(min, max, target, activation, cooldownSeconds, s, fallback, drainSeconds); }
        Rules fallback(int v) { return new Rules(min, max, target, activation, cooldownSeconds, stabilizationSeconds, v, drainSeconds); }
        Rules drainTime(int s) { return new Rules(min, max, target, activation, cooldownSeconds, stabilizationSeconds, fallback, s); }

        ScalingRules build() {
            ScalingRules rules = new ScalingRules(min, max, target, activation, Duration.ofSeconds(5), Duration.ofSeconds(cooldownSeconds),
                    Duration.ofSeconds(stabilizationSeconds), fallback == null ? OptionalInt.empty() : OptionalInt.of(fallback));
            return drainSeconds == null ? rules : rules.withTargetDrainTime(Duration.ofSeconds(drainSeconds), Duration.ofMinutes(2));
        }
    }

    static Stream<Arguments> cases() {
        return Stream.of(
                Arguments.of("an idle service stays at zero", rules(), 0, List.of(
                        at(0, 0, 0), at(5, 0, 0), at(600, 0, 0))),
                Arguments.of("one message wakes a service at zero", rules(), 0, List.of(
                        at(0, 0, 0), at(5, 1, 1))),
                Arguments.of("ceil(backlog / target): 25 at target 10 is 3", rules(), 0, List.of(
                        at(0, 25, 3))),
                Arguments.of("a backlog at activationBacklog does not wake; one above it does", rules().activation(5), 0, List.of(
                        at(0, 5, 0), at(5, 6, 1))),
                Arguments.of("above activation, small backlogs still run at least one replica", rules().activation(5), 0, List.of(
                        at(0, 7, 1), at(5, 3, 1))),
                Arguments.of("clamped to maxReplicas", rules().max(10), 0, List.of(
                        at(0, 1000, 10))),
                Arguments.of("minReplicas raises the count and never lets it reach zero", rules().min(2).cooldown(10).stabilization(5), 0, List.of(
                        at(0, 1, 2), at(5, 0, 2), at(100, 0, 2))),
                Arguments.of("minReplicas > 0 applies even without backlog", rules().min(3), 0, List.of(
                        at(0, 0, 3))),
                Arguments.of("Kafka: capped at the partition count", rules(), 0, List.of(
                        kafka(0, 1000, 4, 4), kafka(5, 1000, 4, 4))),
                Arguments.of("Kafka: the cap only binds above it", rules(), 0, List.of(
                        kafka(0, 25, 4, 3))),
                Arguments.of("Kafka: minReplicas wins over the partition cap", rules().min(5), 0, List.of(
                        kafka(0, 1000, 4, 5))),
                Arguments.of("scale up at once, every poll", rules(), 0, List.of(
                        at(0, 10, 1), at(5, 50, 5), at(10, 100, 10))),
                Arguments.of("scale down waits for the highest desired within the stabilization window", rules().stabilization(60), 0, List.of(
                        at(0, 100, 10), at(10, 20, 10), at(59, 20, 10), at(61, 20, 2))),
                Arguments.of("scale down steps through the window's highest values", rules().stabilization(30), 0, List.of(
                        at(0, 100, 10), at(10, 50, 10), at(20, 20, 10), at(35, 20, 5), at(45, 20, 2))),
                Arguments.of("flapping backlog within the window gives no flap", rules().stabilization(60), 0, List.of(
                        at(0, 100, 10), at(5, 0, 10), at(10, 100, 10), at(15, 0, 10), at(20, 100, 10), at(25, 0, 10))),
                Arguments.of("flapping around activation at one replica gives no flap to zero", rules().cooldown(30).stabilization(10), 0, List.of(
                        at(0, 1, 1), at(5, 0, 1), at(10, 1, 1), at(15, 0, 1), at(20, 1, 1), at(25, 0, 1), at(49, 0, 1), at(50, 0, 0))),
                Arguments.of("to zero only after cooldownPeriod at or under activation", rules().cooldown(30).stabilization(10), 0, List.of(
                        at(0, 25, 3), at(5, 0, 3), at(16, 0, 1), at(29, 0, 1), at(30, 0, 0), at(35, 0, 0))),
                Arguments.of("to zero waits for the stabilization window when it is longer than the cooldown", rules().cooldown(10).stabilization(60), 0, List.of(
                        at(0, 100, 10), at(11, 0, 10), at(59, 0, 10), at(61, 0, 0))),
                Arguments.of("in-flight messages keep a replica: a backlog above activation never cools down", rules().cooldown(30).stabilization(10), 0, List.of(
                        at(0, 25, 3), at(40, 2, 1), at(400, 2, 1), at(800, 2, 1))),
                Arguments.of("a failed read keeps the current replicas", rules(), 3, List.of(
                        failedAt(0, 3), failedAt(5, 3), failedAt(10, 3), failedAt(15, 3))),
                Arguments.of("a failed read never scales down, even when the last backlog was zero", rules().cooldown(10).stabilization(10), 0, List.of(
                        at(0, 30, 3), at(5, 0, 3), failedAt(20, 3), failedAt(60, 3))),
                Arguments.of("fallbackReplicas after three failed reads in a row", rules().fallback(2), 0, List.of(
                        failedAt(0, 0), failedAt(5, 0), failedAt(10, 2), failedAt(15, 2))),
                Arguments.of("fallbackReplicas never scales down", rules().fallback(1), 5, List.of(
                        failedAt(0, 5), failedAt(5, 5), failedAt(10, 5), failedAt(15, 5))),
                Arguments.of("a successful read resets the failure count", rules().fallback(2), 0, List.of(
                        failedAt(0, 0), failedAt(5, 0), at(10, 0, 0), failedAt(15, 0), failedAt(20, 0), failedAt(25, 2))),
                Arguments.of("failed reads count as activity: the cooldown starts again after them", rules().cooldown(30).stabilization(1), 1, List.of(
                        at(0, 0, 1), failedAt(20, 1), at(35, 0, 1), at(49, 0, 1), at(50, 0, 0))),
                Arguments.of("after the read recovers, fallback replicas come down through stabilization", rules().fallback(4).stabilization(30), 0, List.of(
                        failedAt(0, 0), failedAt(5, 0), failedAt(10, 4), at(15, 15, 4), at(41, 15, 2))),
                Arguments.of("first sight of a running service: no scale-down before the window and the cooldown", rules().cooldown(60).stabilization(30), 4, List.of(
                        at(0, 0, 4), at(29, 0, 4), at(31, 0, 1), at(59, 0, 1), at(60, 0, 0))),
                Arguments.of("a lowered maxReplicas applies at once", rules().max(2), 6, List.of(
                        at(0, 100, 2)))
        );
    }

    /** targetDrainTime: desired = ceil(backlog / (rate × drain seconds)), then every rule as with a backlog target. */
    static Stream<Arguments> drainTimeCases() {
        return Stream.of(
                Arguments.of("jobs of 20 s: 300 at 0.05 msg/s over 10m is ceil(300 / 30) = 10", rules().max(20).drainTime(600), 0, List.of(
                        rated(0, 300, 0.05, 10))),
                Arguments.of("rounds up: 301 at 0.05 msg/s over 10m is 11", rules().max(20).drainTime(600), 0, List.of(
                        rated(0, 301, 0.05, 11))),
                Arguments.of("rounds up a fraction: 1 message is one replica", rules().drainTime(600), 0, List.of(
                        rated(0, 1, 0.05, 1))),
                Arguments.of("0.29 × 100 is 28.999999999999996 in floating point: 29 messages are still 1 replica, not 2",
                        rules().drainTime(100), 0, List.of(
                        rated(0, 29, 0.29, 1), rated(5, 30, 0.29, 2))),
                Arguments.of("a faster rate needs fewer replicas: 300 at 0.5 msg/s over 2m is 5", rules().drainTime(120), 0, List.of(
                        rated(0, 300, 0.5, 5))),
                Arguments.of("clamped to maxReplicas", rules().max(10).drainTime(600), 0, List.of(
                        rated(0, 1000, 0.05, 10))),
                Arguments.of("a tiny rate does not overflow: clamped to maxReplicas", rules().drainTime(1), 0, List.of(
                        rated(0, Long.MAX_VALUE / 2, 1e-300, 10))),
                Arguments.of("Kafka: still capped at the partition count", rules().drainTime(600), 0, List.of(
                        new Step(0, 1000L, OptionalInt.of(4), OptionalDouble.of(0.05), 4))),
                Arguments.of("no rate measured yet: 10 per replica, the default target", rules().drainTime(600), 0, List.of(
                        at(0, 40, 4), at(5, 41, 5))),
                Arguments.of("a rate of zero is no rate: 10 per replica", rules().drainTime(600), 0, List.of(
                        rated(0, 40, 0.0, 4))),
                Arguments.of("the rate arrives: from the fallback to the formula", rules().max(20).drainTime(600), 0, List.of(
                        at(0, 40, 4), rated(5, 300, 0.05, 10))),
                Arguments.of("scale-down stabilization still applies", rules().drainTime(600).stabilization(60), 0, List.of(
                        rated(0, 300, 0.05, 10), rated(10, 30, 0.05, 10), rated(59, 30, 0.05, 10), rated(61, 30, 0.05, 1))),
                Arguments.of("a faster rate lowers the count only through stabilization", rules().drainTime(600).stabilization(30), 0, List.of(
                        rated(0, 300, 0.05, 10), rated(5, 300, 0.5, 10), rated(36, 300, 0.5, 1))),
                Arguments.of("activation unchanged: a backlog at activationBacklog does not wake, one above it does",
                        rules().activation(5).drainTime(600), 0, List.of(
                        rated(0, 5, 0.05, 0), rated(5, 6, 0.05, 1))),
                Arguments.of("cooldown unchanged: to zero only after cooldownPeriod at or under activation",
                        rules().drainTime(60).cooldown(30).stabilization(10), 0, List.of(
                        rated(0, 120, 0.5, 4), rated(5, 0, 0.5, 4), rated(16, 0, 0.5, 1), rated(29, 0, 0.5, 1), rated(30, 0, 0.5, 0))),
                Arguments.of("minReplicas unchanged", rules().min(3).drainTime(600), 0, List.of(
                        rated(0, 10, 0.05, 3))),
                Arguments.of("fallbackReplicas on failed reads unchanged", rules().fallback(2).drainTime(600), 0, List.of(
                        failedAt(0, 0), failedAt(5, 0), failedAt(10, 2))),
                Arguments.of("without targetDrainTime a rate changes nothing", rules(), 0, List.of(
                        rated(0, 300, 0.05, 10), rated(5, 25, 100.0, 10)))
        );
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource({"cases", "drainTimeCases"})
    void followsTheRules(String name, Rules rules, int startReplicas, List<Step> steps) {
        ScalingRules scalingRules = rules.build();
        ScalingHistory history = ScalingHistory.empty();
        int current = startReplicas;
        List<String> actual = new ArrayList<>();
        List<String> expected = new ArrayList<>();
        for (Step step : steps) {
            ScalingDecision decision = POLICY.decide(reading(step), current, T0.plusSeconds(step.atSecond()), scalingRules,
                    OptionalInt.empty(), history, step.rate());
            assertThat(decision.changed()).as("changed at " + step).isEqualTo(decision.desiredReplicas() != current);
            expected.add(step.toString());
            actual.add(step.withExpected(decision.desiredReplicas()) + "  (" + decision.reason() + ")");
            current = decision.desiredReplicas();
            history = decision.history();
        }
        assertThat(actual.stream().map(s -> s.substring(0, s.indexOf("  ("))).toList())
                .as("decisions:%n%s", String.join("\n", actual))
                .containsExactlyElementsOf(expected);
    }

    @Test
    void flappingBacklogNeverChangesTheReplicasOnceUp() {
        ScalingRules r = rules().stabilization(60).build();
        ScalingHistory history = ScalingHistory.empty();
        int current = 0;
        int changes = 0;
        for (int i = 0; i < 12; i++) {
            long backlog = i % 2 == 0 ? 100 : 0;
            ScalingDecision d = POLICY.decide(BacklogReading.of(Backlog.of(backlog)), current, T0.plusSeconds(i * 5L), r,
                    OptionalInt.empty(), history, OptionalDouble.empty());
            changes += d.changed() ? 1 : 0;
            current = d.desiredReplicas();
            history = d.history();
        }
        assertThat(changes).as("only the first scale-up changes anything").isEqualTo(1);
        assertThat(current).isEqualTo(10);
    }

    @Test
    void theReasonNamesTheBacklogAndTheTarget() {
        ScalingDecision d = decideOnce(rules().build(), 0, BacklogReading.of(Backlog.of(27)));
        assertAll(
                () -> assertThat(d.reason()).isEqualTo("Scaled from 0 to 3: backlog 27, target 10 per replica"),
                () -> assertThat(d.changed()).isTrue());
    }

    @Test
    void theReasonNamesTheRateAndTheDrainTime() {
        ScalingDecision d = decideOnce(rules().drainTime(120).build(), 2, BacklogReading.of(Backlog.of(300)), OptionalDouble.of(0.5));
        assertThat(d.reason()).isEqualTo("Scaled from 2 to 5: backlog 300, 0.5 msg/s per replica, target drain time 2m");
    }

    @Test
    void theReasonSaysWhenNoRateIsMeasuredYet() {
        ScalingDecision d = decideOnce(rules().drainTime(600).build(), 0, BacklogReading.of(Backlog.of(40)));
        assertThat(d.reason()).isEqualTo("Scaled from 0 to 4: backlog 40, no completion rate measured yet, so 10 per replica");
    }

    @Test
    void theDrainTimeReasonNamesTheCap() {
        ScalingDecision d = decideOnce(rules().drainTime(600).build(), 0, BacklogReading.of(Backlog.of(1000)), OptionalDouble.of(0.05));
        assertThat(d.reason()).isEqualTo(
                "Scaled from 0 to 10: backlog 1000, 0.05 msg/s per replica, target drain time 10m, capped at maxReplicas 10");
    }

    @Test
    void theDrainTimeReasonNamesTheStabilizationHold() {
        ScalingRules r = rules().drainTime(600).stabilization(60).build();
        ScalingDecision up = POLICY.decide(BacklogReading.of(Backlog.of(300)), 0, T0, r, OptionalInt.empty(), ScalingHistory.empty(),
                OptionalDouble.of(0.05));
        ScalingDecision held = POLICY.decide(BacklogReading.of(Backlog.of(30)), up.desiredReplicas(), T0.plusSeconds(10), r,
                OptionalInt.empty(), up.history(), OptionalDouble.of(0.05));
        assertThat(held.reason()).isEqualTo("Keeping 10 replicas: backlog 30, 0.05 msg/s per replica, target drain time 10m; "
                + "highest desired within scaleDownStabilization 1m is 10");
    }

    @Test
    void theReasonNamesThePartitionCap() {
        ScalingDecision d = decideOnce(rules().build(), 0, BacklogReading.of(Backlog.of(1000, 4)));
        assertThat(d.reason()).isEqualTo("Scaled from 0 to 4: backlog 1000, target 10 per replica, capped at 4 partitions");
    }

    @Test
    void theReasonNamesTheFailure() {
        ScalingDecision d = decideOnce(rules().build(), 2, BacklogReading.failed("Unreachable", "connection refused"));
        assertThat(d.reason()).isEqualTo(
                "Keeping 2 replicas: backlog unavailable (Unreachable) for 1 read, never down on missing data");
        assertThat(d.changed()).isFalse();
    }

    @Test
    void theReasonNamesTheCooldownWhenScalingToZero() {
        ScalingRules r = rules().cooldown(30).stabilization(1).build();
        ScalingDecision first = POLICY.decide(BacklogReading.of(Backlog.of(5)), 1, T0, r, OptionalInt.empty(), ScalingHistory.empty(),
                OptionalDouble.empty());
        ScalingDecision last = POLICY.decide(BacklogReading.of(Backlog.of(0)), 1, T0.plusSeconds(30), r, OptionalInt.empty(),
                first.history(), OptionalDouble.empty());
        assertThat(last.reason()).isEqualTo("Scaled from 1 to 0: backlog 0 at or under activationBacklog 0 for cooldownPeriod 30s");
    }

    @Test
    void pausedReplicasWinOverBacklogAndFailures() {
        ScalingRules r = rules().fallback(5).build();
        ScalingHistory history = ScalingHistory.empty();
        int current = 0;
        List<BacklogReading> readings = List.of(BacklogReading.of(Backlog.of(1000)), BacklogReading.of(Backlog.of(0)),
                BacklogReading.failed("Timeout", "slow"), BacklogReading.failed("Timeout", "slow"),
                BacklogReading.failed("Timeout", "slow"), BacklogReading.failed("Timeout", "slow"));
        List<Integer> desired = new ArrayList<>();
        for (int i = 0; i < readings.size(); i++) {
            ScalingDecision d = POLICY.decide(readings.get(i), current, T0.plusSeconds(i * 5L), r, OptionalInt.of(2), history,
                    OptionalDouble.of(0.05));
            desired.add(d.desiredReplicas());
            current = d.desiredReplicas();
            history = d.history();
        }
        assertThat(desired).containsOnly(2);
    }

    @Test
    void thePauseReasonNamesTheAnnotation() {
        ScalingDecision d = POLICY.decide(BacklogReading.of(Backlog.of(50)), 4, T0, rules().build(), OptionalInt.of(1),
                ScalingHistory.empty(), OptionalDouble.empty());
        assertThat(d.reason()).isEqualTo("Scaled from 4 to 1: paused by annotation asyncservice.io/paused-replicas");
    }

    @Test
    void theHistoryStaysSmallWhateverThePollingRate() {
        ScalingRules r = rules().stabilization(60).build();
        ScalingHistory history = ScalingHistory.empty();
        int current = 0;
        for (int i = 0; i < 2_000; i++) {
            ScalingDecision d = POLICY.decide(BacklogReading.of(Backlog.of(i % 7 * 10L)), current, T0.plusMillis(i * 100L), r,
                    OptionalInt.empty(), history, OptionalDouble.empty());
            current = d.desiredReplicas();
            history = d.history();
        }
        assertThat(history.samples()).hasSizeLessThanOrEqualTo(8);
    }

    private static ScalingDecision decideOnce(ScalingRules r, int current, BacklogReading reading) {
        return decideOnce(r, current, reading, OptionalDouble.empty());
    }

    private static ScalingDecision decideOnce(ScalingRules r, int current, BacklogReading reading, OptionalDouble rate) {
        return POLICY.decide(reading, current, T0, r, OptionalInt.empty(), ScalingHistory.empty(), rate);
    }

    private static BacklogReading reading(Step step) {
        if (step.backlog() == null) {
            return BacklogReading.failed("Unreachable", "connection refused");
        }
        return BacklogReading.of(new Backlog(step.backlog(), step.partitions()));
    }
}
