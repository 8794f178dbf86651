package io.asyncservice.operator.scaling;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

class ScalingTargetTest {

    private static final ScalingRules BACKLOG_TARGET = new ScalingRules(0, 10, 25, 0, Duration.ofSeconds(5),
            Duration.ofMinutes(5), Duration.ofMinutes(1), OptionalInt.empty());
    private static final ScalingRules DRAIN_TIME = new ScalingRules(0, 10, 10, 0, Duration.ofSeconds(5),
            Duration.ofMinutes(5), Duration.ofMinutes(1), OptionalInt.empty()).withTargetDrainTime(Duration.ofSeconds(90), Duration.ofMinutes(2));

    static Stream<Arguments> targets() {
        return Stream.of(
                Arguments.of("a backlog target", BACKLOG_TARGET, OptionalDouble.of(3), 25.0, "target 25 per replica"),
                Arguments.of("a drain time with a rate", DRAIN_TIME, OptionalDouble.of(0.2), 18.0,
                        "0.2 msg/s per replica, target drain time 1m30s"),
                Arguments.of("a drain time without a rate", DRAIN_TIME, OptionalDouble.empty(), 10.0,
                        "no completion rate measured yet, so 10 per replica"),
                Arguments.of("a drain time with a zero rate", DRAIN_TIME, OptionalDouble.of(0), 10.0,
                        "no completion rate measured yet, so 10 per replica"),
                Arguments.of("a drain time with a rate that is not a number", DRAIN_TIME, OptionalDouble.of(Double.NaN), 10.0,
                        "no completion rate measured yet, so 10 per replica"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("targets")
    void whatOneReplicaIsExpectedToTakeOn(String name, ScalingRules rules, OptionalDouble rate, double perReplica, String description) {
        ScalingTarget target = ScalingTarget.of(rules, rate);

        assertThat(target.perReplica()).isCloseTo(perReplica, within(1e-9));
        assertThat(target.description()).isEqualTo(description);
    }

    @ParameterizedTest(name = "{0} messages at {1} per replica: {2}")
    @CsvSource({
            "0, 10, 0",
            "1, 10, 1",
            "10, 10, 1",
            "11, 10, 2",
            "300, 30, 10",
            "301, 30, 11",
            "7, 3.5, 2",
            "8, 3.5, 3",
            "29, 28.999999999999996, 1",
            "9223372036854775807, 7, 1317624576693539401",
            "9223372036854775807, 0.5, 9223372036854775807"})
    void replicasAreTheBacklogOverThePerReplicaTargetRoundedUp(long backlog, double perReplica, long replicas) {
        assertThat(new ScalingTarget(perReplica, "").replicasFor(backlog)).isEqualTo(replicas);
    }

    @ParameterizedTest(name = "{0} msg/s is written {1}")
    @CsvSource({
            "0.05, 0.05",
            "0.5, 0.5",
            "0.6666666666666666, 0.667",
            "1, 1",
            "10, 10",
            "12.345, 12.3",
            "99.94, 99.9",
            "100, 100",
            "1234.5, 1235",
            "0.000012345, 0.0000123"})
    void ratesAreWrittenWithThreeSignificantDigits(double rate, String text) {
        assertThat(ScalingTarget.rateText(rate)).isEqualTo(text);
    }
}
