package io.asyncservice.sidecar.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class AttemptWindowTest {

    private static final Duration MINUTE = Duration.ofMinutes(1);

    @Test
    void anAttemptFitsWhenItsWaitAndItsTimeoutEndInTheWindow() {
        AttemptWindow window = new AttemptWindow(Duration.ofMinutes(28), Duration.ofMinutes(5));

        assertThat(window.fits(Duration.ofMinutes(22), MINUTE)).as("22 + 1 + 5 = 28").isTrue();
        assertThat(window.fits(Duration.ofMinutes(22), MINUTE.plusMillis(1))).isFalse();
        assertThat(window.fits(Duration.ofMinutes(24), Duration.ZERO)).isFalse();
    }

    @Test
    void aPauseIsShortenedToWhatIsLeftOfTheWindow() {
        AttemptWindow window = new AttemptWindow(Duration.ofMinutes(28), Duration.ofMinutes(5));

        assertThat(window.cap(MINUTE, Duration.ofMinutes(10))).isEqualTo(MINUTE);
        assertThat(window.cap(MINUTE, Duration.ofSeconds(28 * 60 - 20))).isEqualTo(Duration.ofSeconds(20));
        assertThat(window.cap(MINUTE, Duration.ofMinutes(30))).isEqualTo(Duration.ZERO);
    }

    @Test
    void withoutAWindowEverythingFits() {
        AttemptWindow none = new AttemptWindow(null, Duration.ofMinutes(5));

        assertThat(none.fits(Duration.ofDays(1), Duration.ofDays(1))).isTrue();
        assertThat(none.cap(MINUTE, Duration.ofDays(1))).isEqualTo(MINUTE);
    }
}
