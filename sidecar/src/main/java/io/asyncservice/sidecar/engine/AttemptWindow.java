package io.asyncservice.sidecar.engine;

import java.time.Duration;

/**
 * How long after its receipt a delivery may still have an attempt running, for a source without a lease
 * ({@link io.asyncservice.sidecar.broker.MessageSource#attemptWindow()}: RabbitMQ closes the channel of a delivery held
 * past its consumer_timeout). The engine starts no attempt, and waits for no backoff, that could not end in the window;
 * it releases the message instead, and the attempts go on counting on its next delivery. Without a window, everything
 * fits.
 */
final class AttemptWindow {

    private final Duration window;
    private final Duration attemptTimeout;

    /** @param window null when the source has no bound; @param attemptTimeout the longest one call to the app takes */
    AttemptWindow(Duration window, Duration attemptTimeout) {
        this.window = window;
        this.attemptTimeout = attemptTimeout;
    }

    /** Whether an attempt that starts {@code wait} from now, {@code elapsed} after the receipt, would end in the window. */
    boolean fits(Duration elapsed, Duration wait) {
        return window == null || elapsed.plus(wait).plus(attemptTimeout).compareTo(window) <= 0;
    }

    /** {@code pause}, shortened so that it ends in the window (zero when the window has passed). */
    Duration cap(Duration pause, Duration elapsed) {
        if (window == null) {
            return pause;
        }
        Duration left = window.minus(elapsed);
        if (left.isNegative()) {
            return Duration.ZERO;
        }
        return pause.compareTo(left) > 0 ? left : pause;
    }
}
