package io.asyncservice.sandbox.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class AgesTest {

    @Test
    void printsAgesAsKubectlDoes() {
        assertThat(Ages.human(Duration.ofSeconds(45))).isEqualTo("45s");
        assertThat(Ages.human(Duration.ofSeconds(192))).isEqualTo("3m12s");
        assertThat(Ages.human(Duration.ofMinutes(17))).isEqualTo("17m");
        assertThat(Ages.human(Duration.ofMinutes(303))).isEqualTo("5h3m");
        assertThat(Ages.human(Duration.ofHours(30))).isEqualTo("30h");
        assertThat(Ages.human(Duration.ofDays(3))).isEqualTo("3d");
        assertThat(Ages.since("2026-01-01T00:00:00Z", Instant.parse("2026-01-01T00:00:30Z"))).isEqualTo("30s");
        assertThat(Ages.since(null, Instant.now())).isEqualTo("<unknown>");
    }
}
