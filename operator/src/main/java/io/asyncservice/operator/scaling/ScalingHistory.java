package io.asyncservice.operator.scaling;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * What the policy remembers about one AsyncService between polls. Immutable: the policy returns the next history
 * with its decision.
 *
 * <p>The desired values of the stabilization window are kept as a sliding-window maximum: a value is dropped once
 * a later value at least as high has been recorded, since it can never be the highest again. So the window holds
 * a handful of entries however short the polling interval.
 */
public final class ScalingHistory {

    /** One desired value and when it was computed. */
    public record Sample(Instant at, int desiredReplicas) {
    }

    private static final ScalingHistory EMPTY = new ScalingHistory(List.of(), null, 0);

    private final List<Sample> window;
    private final Instant lastActive;
    private final int consecutiveFailures;

    private ScalingHistory(List<Sample> window, Instant lastActive, int consecutiveFailures) {
        this.window = List.copyOf(window);
        this.lastActive = lastActive;
        this.consecutiveFailures = consecutiveFailures;
    }

    /** A service seen for the first time. */
    public static ScalingHistory empty() {
        return EMPTY;
    }

    /** The highest desired value recorded after {@code cutoff}, if any. */
    public OptionalInt highestDesiredSince(Instant cutoff) {
        return window.stream().filter(s -> s.at().isAfter(cutoff)).mapToInt(Sample::desiredReplicas).max();
    }

    /** When the backlog was last above activationBacklog (or could not be read), if ever. */
    public Optional<Instant> lastActive() {
        return Optional.ofNullable(lastActive);
    }

    public int consecutiveFailures() {
        return consecutiveFailures;
    }

    /** The samples still held, oldest first; for tests and diagnostics. */
    public List<Sample> samples() {
        return window;
    }

    /** Records a desired value, forgetting what fell out of {@code window} and what can no longer be the highest. */
    public ScalingHistory withDesired(Instant now, int desiredReplicas, Duration windowLength) {
        Instant cutoff = now.minus(windowLength);
        List<Sample> next = new ArrayList<>(window.size() + 1);
        for (Sample s : window) {
            if (s.at().isAfter(cutoff) && s.desiredReplicas() > desiredReplicas) {
                next.add(s);
            }
        }
        next.add(new Sample(now, desiredReplicas));
        return new ScalingHistory(next, lastActive, consecutiveFailures);
    }

    public ScalingHistory withActiveAt(Instant now) {
        return new ScalingHistory(window, now, consecutiveFailures);
    }

    public ScalingHistory withFailedRead() {
        return new ScalingHistory(window, lastActive, consecutiveFailures + 1);
    }

    public ScalingHistory withSuccessfulRead() {
        return consecutiveFailures == 0 ? this : new ScalingHistory(window, lastActive, 0);
    }

    @Override
    public String toString() {
        return "ScalingHistory[window=" + window + ", lastActive=" + lastActive + ", consecutiveFailures=" + consecutiveFailures + "]";
    }
}
