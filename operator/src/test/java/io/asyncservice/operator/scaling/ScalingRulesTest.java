package io.asyncservice.operator.scaling;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.asyncservice.api.v1alpha1.AutoscalingSpec;
import java.time.Duration;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

class ScalingRulesTest {

    @Test
    void anEmptySpecGetsTheApiDefaults() {
        AutoscalingSpec spec = new AutoscalingSpec();
        spec.setMinReplicas(null);
        spec.setPollingInterval(null);

        ScalingRules rules = ScalingRules.from(spec);

        assertThat(rules).isEqualTo(new ScalingRules(0, 10, 10, 0, Duration.ofSeconds(5), Duration.ofMinutes(5),
                Duration.ofMinutes(1), OptionalInt.empty()));
    }

    @Test
    void durationsAreParsedAsTheApiWritesThem() {
        AutoscalingSpec spec = new AutoscalingSpec();
        spec.setPollingInterval("500ms");
        spec.setCooldownPeriod("1m30s");
        spec.setScaleDownStabilization("2s");
        spec.setFallbackReplicas(3);

        ScalingRules rules = ScalingRules.from(spec);

        assertThat(rules.pollingInterval()).isEqualTo(Duration.ofMillis(500));
        assertThat(rules.cooldownPeriod()).isEqualTo(Duration.ofSeconds(90));
        assertThat(rules.scaleDownStabilization()).isEqualTo(Duration.ofSeconds(2));
        assertThat(rules.fallbackReplicas()).hasValue(3);
    }

    @Test
    void aBadDurationNamesTheField() {
        AutoscalingSpec spec = new AutoscalingSpec();
        spec.setCooldownPeriod("soon");

        assertThatThrownBy(() -> ScalingRules.from(spec)).hasMessageContaining("autoscaling.cooldownPeriod");
    }

    @Test
    void minAboveMaxIsRejected() {
        AutoscalingSpec spec = new AutoscalingSpec();
        spec.setMinReplicas(5);
        spec.setMaxReplicas(2);

        assertThatThrownBy(() -> ScalingRules.from(spec)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aSpecWithoutEitherTargetScalesOnTenPerReplica() {
        ScalingRules rules = ScalingRules.from(new AutoscalingSpec());

        assertThat(rules.targetBacklogPerReplica()).isEqualTo(10);
        assertThat(rules.targetDrainTime()).isEmpty();
    }

    @Test
    void aDrainTimeKeepsTenPerReplicaAsItsFallbackAndTheDefaultWindow() {
        AutoscalingSpec spec = new AutoscalingSpec();
        spec.setTargetDrainTime("10m");

        ScalingRules rules = ScalingRules.from(spec);

        assertThat(rules.targetDrainTime()).hasValue(Duration.ofMinutes(10));
        assertThat(rules.drainRateWindow()).isEqualTo(Duration.ofMinutes(2));
        assertThat(rules.targetBacklogPerReplica()).isEqualTo(10);
    }

    @Test
    void theDrainRateWindowIsParsed() {
        AutoscalingSpec spec = new AutoscalingSpec();
        spec.setTargetDrainTime("1h30m");
        spec.setDrainRateWindow("5m");

        ScalingRules rules = ScalingRules.from(spec);

        assertThat(rules.targetDrainTime()).hasValue(Duration.ofMinutes(90));
        assertThat(rules.drainRateWindow()).isEqualTo(Duration.ofMinutes(5));
    }

    @Test
    void bothTargetsAreRefusedWithTheSchemasMessage() {
        AutoscalingSpec spec = new AutoscalingSpec();
        spec.setTargetBacklogPerReplica(20);
        spec.setTargetDrainTime("10m");

        assertThatThrownBy(() -> ScalingRules.from(spec))
                .hasMessage("autoscaling: set either targetBacklogPerReplica or targetDrainTime, not both");
    }

    @Test
    void aDrainTimeOfZeroIsRefused() {
        AutoscalingSpec spec = new AutoscalingSpec();
        spec.setTargetDrainTime("0s");

        assertThatThrownBy(() -> ScalingRules.from(spec)).hasMessage("autoscaling.targetDrainTime must be longer than 0s, got 0s");
    }

    @Test
    void aBadDrainTimeNamesTheField() {
        AutoscalingSpec spec = new AutoscalingSpec();
        spec.setTargetDrainTime("ten minutes");

        assertThatThrownBy(() -> ScalingRules.from(spec)).hasMessageContaining("autoscaling.targetDrainTime");
    }

    @Test
    void durationsAreWrittenBackTheSameWay() {
        assertThat(DurationText.of(Duration.ofMillis(500))).isEqualTo("500ms");
        assertThat(DurationText.of(Duration.ofSeconds(90))).isEqualTo("1m30s");
        assertThat(DurationText.of(Duration.ofMinutes(5))).isEqualTo("5m");
    }
}
