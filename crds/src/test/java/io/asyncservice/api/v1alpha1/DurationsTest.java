package io.asyncservice.api.v1alpha1;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class DurationsTest {

    @Test
    void formatWritesWhatParseReads() {
        for (String text : new String[] {"0s", "500ms", "45s", "4m48s", "1h30m", "2h5s1ms"}) {
            assertThat(Durations.format(Durations.parse("f", text))).isEqualTo(text);
        }
        assertThat(Durations.format(Duration.ofSeconds(90))).isEqualTo("1m30s");
        assertThat(Durations.format(Duration.ofMinutes(24).dividedBy(5))).isEqualTo("4m48s");
    }
}
