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
    void durationsAreWrittenBackTheSameWay() {
        assertThat(DurationText.of(Duration.ofMillis(500))).isEqualTo("500ms");
        assertThat(DurationText.of(Duration.ofSeconds(90))).isEqualTo("1m30s");
        assertThat(DurationText.of(Duration.ofMinutes(5))).isEqualTo("5m");
    }
}
