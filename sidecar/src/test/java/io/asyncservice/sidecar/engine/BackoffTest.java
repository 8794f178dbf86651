package io.asyncservice.sidecar.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Random;
import org.junit.jupiter.api.Test;

class BackoffTest {

    private static final Duration INITIAL = Duration.ofSeconds(1);
    private static final Duration MAX = Duration.ofSeconds(60);

    @Test
    void theCapDoublesFromInitialUpToMax() {
        Backoff b = new Backoff(INITIAL, MAX, () -> 0.5);
        assertThat(b.capMillis(1)).isEqualTo(1_000);
        assertThat(b.capMillis(2)).isEqualTo(2_000);
        assertThat(b.capMillis(3)).isEqualTo(4_000);
        assertThat(b.capMillis(6)).isEqualTo(32_000);
        assertThat(b.capMillis(7)).isEqualTo(60_000);
        assertThat(b.capMillis(100)).isEqualTo(60_000);
    }

    @Test
    void fullJitterStaysWithinZeroAndTheCap() {
        Random random = new Random(42);
        Backoff b = new Backoff(INITIAL, MAX, random::nextDouble);
        for (int attempt = 1; attempt <= 20; attempt++) {
            for (int i = 0; i < 200; i++) {
                assertThat(b.delayAfter(attempt, null).toMillis()).isBetween(0L, b.capMillis(attempt));
            }
        }
    }

    @Test
    void jitterSpreadsOverTheWholeRange() {
        assertThat(new Backoff(INITIAL, MAX, () -> 0.0).delayAfter(3, null)).isEqualTo(Duration.ZERO);
        assertThat(new Backoff(INITIAL, MAX, () -> 0.999).delayAfter(3, null).toMillis()).isEqualTo(3_996);
    }

    @Test
    void retryAfterTakesPrecedenceUpToMax() {
        Backoff b = new Backoff(INITIAL, MAX, () -> 0.5);
        assertThat(b.delayAfter(1, Duration.ofSeconds(10))).isEqualTo(Duration.ofSeconds(10));
        assertThat(b.delayAfter(1, Duration.ZERO)).isEqualTo(Duration.ZERO);
        assertThat(b.delayAfter(1, Duration.ofMinutes(10))).isEqualTo(MAX);
    }

    @Test
    void aRetryAfterOfAbsurdSizeWaitsTheMaximum() {
        Backoff backoff = new Backoff(Duration.ofSeconds(1), Duration.ofMinutes(1), () -> 0.5);

        assertThat(backoff.delayAfter(1, Duration.ofSeconds(Long.MAX_VALUE))).isEqualTo(Duration.ofMinutes(1));
    }
}
