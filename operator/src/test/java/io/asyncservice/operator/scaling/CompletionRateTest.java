package io.asyncservice.operator.scaling;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class CompletionRateTest {

    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    /** One poll: its time and each Pod's success counter, in the order written. */
    record Poll(int atSecond, Map<String, Long> succeeded) {
        @Override
        public String toString() {
            return "t=" + atSecond + "s " + succeeded;
        }
    }

    /** {@code poll(10, "a", 5, "b", 7)}: at 10 s, Pod a has finished 5, Pod b 7. */
    static Poll poll(int second, Object... podThenCount) {
        Map<String, Long> counters = new LinkedHashMap<>();
        for (int i = 0; i < podThenCount.length; i += 2) {
            counters.put((String) podThenCount[i], ((Number) podThenCount[i + 1]).longValue());
        }
        return new Poll(second, counters);
    }

    static Stream<Arguments> cases() {
        return Stream.of(
                Arguments.of("one sample: unknown", 120, List.of(
                        poll(0, "a", 0)), 0, null),
                Arguments.of("one Pod, steady: 10 done in 10 s is 1 msg/s", 120, List.of(
                        poll(0, "a", 0), poll(5, "a", 5), poll(10, "a", 10)), 10, 1.0),
                Arguments.of("two Pods: the completions summed, divided by the Pods: 10 in 10 s by 2 is 0.5", 120, List.of(
                        poll(0, "a", 0, "b", 0), poll(10, "a", 4, "b", 6)), 10, 0.5),
                Arguments.of("two samples less than a pollingInterval apart: unknown", 120, List.of(
                        poll(0, "a", 0), poll(3, "a", 3)), 3, null),
                Arguments.of("the window not yet covered: the span covered so far", 120, List.of(
                        poll(0, "a", 0), poll(10, "a", 5)), 10, 0.5),
                Arguments.of("samples older than the window are dropped: the rate follows a slow-down", 20, List.of(
                        poll(0, "a", 0), poll(10, "a", 100), poll(20, "a", 110), poll(30, "a", 120), poll(40, "a", 130)), 40, 1.0),
                Arguments.of("a counter that goes down is a restart: its new value is the increase from 0", 120, List.of(
                        poll(0, "a", 100), poll(10, "a", 110), poll(20, "a", 5)), 20, 0.75),
                Arguments.of("a new Pod: its first sample is only a starting point, not 500 completions", 120, List.of(
                        poll(0, "a", 0), poll(10, "a", 10, "b", 500), poll(20, "a", 20, "b", 510)), 20, 1.0),
                Arguments.of("a Pod that goes away counts for the time it was seen: 30 done in 30 Pod-seconds", 120, List.of(
                        poll(0, "a", 0, "b", 0), poll(10, "a", 10, "b", 10), poll(20, "a", 20)), 20, 1.0),
                Arguments.of("an idle Pod lowers the average: it is a replica that completed nothing", 120, List.of(
                        poll(0, "a", 0, "b", 0), poll(10, "a", 10, "b", 0)), 10, 0.5),
                Arguments.of("nothing completed over a covered window: unknown, not 0", 120, List.of(
                        poll(0, "a", 5), poll(10, "a", 5), poll(20, "a", 5)), 20, null),
                Arguments.of("every sample older than the window when asked: unknown", 60, List.of(
                        poll(0, "a", 0), poll(10, "a", 10)), 100, null),
                Arguments.of("a repeated or out-of-order sample is ignored", 120, List.of(
                        poll(0, "a", 0), poll(10, "a", 10), poll(10, "a", 99), poll(5, "a", 1000)), 10, 1.0),
                Arguments.of("a missed poll: the interval spans it", 120, List.of(
                        poll(0, "a", 0), poll(5, "a", 5), poll(20, "a", 20)), 20, 1.0));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void estimatesCompletionsPerSecondPerReplica(String name, int windowSeconds, List<Poll> polls, int askedAtSecond,
                                                 Double expected) {
        CompletionRate rate = new CompletionRate(Duration.ofSeconds(windowSeconds), Duration.ofSeconds(5));
        polls.forEach(p -> rate.record(samples(p)));

        OptionalDouble actual = rate.perReplicaPerSecond(T0.plusSeconds(askedAtSecond));

        if (expected == null) {
            assertThat(actual).as("%s", polls).isEmpty();
        } else {
            assertThat(actual).as("%s", polls).isPresent();
            assertThat(actual.getAsDouble()).as("%s", polls).isCloseTo(expected, within(1e-9));
        }
    }

    @Test
    void jobsOfTwentySecondsOneAtATimeAre0point05PerReplicaAndTenReplicasDrain300In10Minutes() {
        ScalingRules rules = new ScalingRules(0, 20, 10, 0, Duration.ofSeconds(5), Duration.ofMinutes(5), Duration.ofMinutes(1),
                OptionalInt.empty()).withTargetDrainTime(Duration.ofMinutes(10), Duration.ofMinutes(2));
        CompletionRate rate = CompletionRate.forRules(rules);
        for (int t = 0; t <= 120; t += 5) {
            int second = t;
            rate.record(Stream.of("w-1", "w-2", "w-3", "w-4")
                    .map(pod -> new CompletionRate.Sample(T0.plusSeconds(second), pod, second / 20)).toList());
        }

        OptionalDouble perReplica = rate.perReplicaPerSecond(T0.plusSeconds(120));
        ScalingDecision decision = new ScalingPolicy(3).decide(BacklogReading.of(Backlog.of(300)), 4, T0.plusSeconds(120), rules,
                OptionalInt.empty(), ScalingHistory.empty(), perReplica);

        assertThat(perReplica.orElseThrow()).isCloseTo(0.05, within(1e-12));
        assertThat(decision.desiredReplicas()).isEqualTo(10);
        assertThat(decision.reason()).isEqualTo("Scaled from 4 to 10: backlog 300, 0.05 msg/s per replica, target drain time 10m");
    }

    @Test
    void holdsOnlyTheWindowHoweverLongItRunsAndHoweverManyPodsComeAndGo() {
        CompletionRate rate = new CompletionRate(Duration.ofMinutes(2), Duration.ofSeconds(5));
        for (int i = 0; i < 10_000; i++) {
            int poll = i;
            // three steady Pods, and one that lives for a single poll each time
            List<CompletionRate.Sample> samples = new ArrayList<>(Stream.of("a", "b", "c")
                    .map(pod -> new CompletionRate.Sample(T0.plusSeconds(poll * 5L), pod, poll)).toList());
            samples.add(new CompletionRate.Sample(T0.plusSeconds(poll * 5L), "short-lived-" + poll, 0));
            rate.record(samples);
        }

        assertThat(rate.sampleCount()).as("4 Pods × (120 s / 5 s + 1) at most").isLessThanOrEqualTo(4 * 25);
        assertThat(rate.perReplicaPerSecond(T0.plusSeconds(9_999 * 5L)).orElseThrow()).isCloseTo(0.2, within(1e-9));
    }

    @Test
    void takesItsWindowAndSpanFromTheRules() {
        ScalingRules rules = new ScalingRules(0, 10, 10, 0, Duration.ofSeconds(30), Duration.ofMinutes(5), Duration.ofMinutes(1),
                OptionalInt.empty()).withTargetDrainTime(Duration.ofMinutes(10), Duration.ofMinutes(5));
        CompletionRate rate = CompletionRate.forRules(rules);
        rate.record(List.of(new CompletionRate.Sample(T0, "a", 0)));
        rate.record(List.of(new CompletionRate.Sample(T0.plusSeconds(20), "a", 20)));
        assertThat(rate.perReplicaPerSecond(T0.plusSeconds(20))).as("20 s apart, under the 30 s polling interval").isEmpty();

        rate.record(List.of(new CompletionRate.Sample(T0.plusSeconds(290), "a", 290)));
        assertThat(rate.perReplicaPerSecond(T0.plusSeconds(300)).orElseThrow()).as("all within the 5m window").isCloseTo(1.0, within(1e-9));
    }

    @Test
    void aNegativeCounterIsRefused() {
        assertThatThrownBy(() -> new CompletionRate.Sample(T0, "a", -1)).hasMessageContaining("succeeded must not be negative");
    }

    private static List<CompletionRate.Sample> samples(Poll poll) {
        return poll.succeeded().entrySet().stream()
                .map(e -> new CompletionRate.Sample(T0.plusSeconds(poll.atSecond()), e.getKey(), e.getValue()))
                .toList();
    }
}
