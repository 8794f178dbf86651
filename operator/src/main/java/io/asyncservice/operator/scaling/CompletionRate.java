package io.asyncservice.operator.scaling;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Collection;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalDouble;

/**
 * The completions per second per replica of one AsyncService over the last {@code drainRateWindow}, a moving average
 * of its sidecars' success counters, for {@code autoscaling.targetDrainTime}. Pure: no clock, no client; the samples
 * and the time come in as arguments.
 *
 * <p>Each poll feeds every Pod's cumulative {@code succeeded} counter (messages finished with SUCCESS since that
 * sidecar process started). The rate is
 * <pre>
 *   sum over Pods of the increase of their counter within the window
 *   ÷ the span of the window the samples cover
 *   ÷ the average number of Pods reporting over that span
 * </pre>
 * which is the same as the completions between consecutive samples of one Pod, summed, divided by the Pod-seconds
 * between those samples, summed: a Pod adds to the average only for the time it was seen.
 * <ul>
 *   <li>A counter that goes down is a restarted process: its new value is the increase, counted from 0.</li>
 *   <li>A Pod seen for the first time gives only a starting point; what it finished before is not counted. A Pod
 *       that stops reporting drops out with its samples once they leave the window.</li>
 *   <li>Unknown (empty) until one Pod has two samples at least {@code minimumSpan} (the polling interval) apart
 *       within the window; then the span covered so far is used, however short of the window.</li>
 *   <li>Zero completions over a covered window is unknown too, not a rate of 0: it says nothing about how fast a
 *       replica would drain a backlog (the jobs may outlast the window, or there was no work), and the policy falls
 *       back rather than dividing by it.</li>
 * </ul>
 *
 * <p>Bounded: samples older than the window are dropped, so it holds about Pods × (window ÷ polling interval)
 * samples. Not thread-safe: one per AsyncService, fed and asked by its poll, which never runs twice at once.
 */
public final class CompletionRate {

    /**
     * One Pod's success counter, read at one time.
     *
     * @param succeeded messages finished with SUCCESS since the Pod's sidecar process started
     */
    public record Sample(Instant at, String podName, long succeeded) {
        public Sample {
            Objects.requireNonNull(at, "at");
            Objects.requireNonNull(podName, "podName");
            if (succeeded < 0) {
                throw new IllegalArgumentException("succeeded must not be negative, got " + succeeded + " for " + podName);
            }
        }
    }

    private record Point(Instant at, long succeeded) {
    }

    private final Duration window;
    private final Duration minimumSpan;
    private final Map<String, ArrayDeque<Point>> byPod = new HashMap<>();

    /**
     * @param window      the moving average's window, {@code drainRateWindow}
     * @param minimumSpan how far apart two samples of one Pod must be before a rate is given, the polling interval
     */
    public CompletionRate(Duration window, Duration minimumSpan) {
        if (window == null || window.isZero() || window.isNegative()) {
            throw new IllegalArgumentException("window must be positive, got " + window);
        }
        if (minimumSpan == null || minimumSpan.isNegative()) {
            throw new IllegalArgumentException("minimumSpan must not be negative, got " + minimumSpan);
        }
        this.window = window;
        this.minimumSpan = minimumSpan;
    }

    /** The estimate an AsyncService's rules ask for: over drainRateWindow, from two samples a pollingInterval apart. */
    public static CompletionRate forRules(ScalingRules rules) {
        return new CompletionRate(rules.drainRateWindow(), rules.pollingInterval());
    }

    /**
     * Adds one poll's samples. A sample no later than the last one kept for its Pod (a repeat, or out of order) is
     * ignored. Samples that fell out of the window before the newest one are dropped.
     */
    public void record(Collection<Sample> samples) {
        Instant newest = null;
        for (Sample s : samples) {
            ArrayDeque<Point> points = byPod.computeIfAbsent(s.podName(), pod -> new ArrayDeque<>());
            if (points.isEmpty() || s.at().isAfter(points.peekLast().at())) {
                points.addLast(new Point(s.at(), s.succeeded()));
            }
            newest = newest == null || s.at().isAfter(newest) ? s.at() : newest;
        }
        if (newest != null) {
            forgetBefore(newest.minus(window));
        }
    }

    /**
     * The completions per second per replica over the window that ends at {@code now}: empty when unknown (too few
     * samples, the window not yet covered by {@code minimumSpan}, or nothing completed in it). Drops the samples older
     * than the window.
     */
    public OptionalDouble perReplicaPerSecond(Instant now) {
        forgetBefore(now.minus(window));
        long completions = 0;
        long podNanos = 0;
        boolean covered = false;
        for (ArrayDeque<Point> points : byPod.values()) {
            if (points.size() < 2) {
                continue;
            }
            Point previous = null;
            for (Point p : points) {
                if (previous != null) {
                    completions += p.succeeded() >= previous.succeeded() ? p.succeeded() - previous.succeeded() : p.succeeded();
                    podNanos += Duration.between(previous.at(), p.at()).toNanos();
                }
                previous = p;
            }
            covered |= Duration.between(points.peekFirst().at(), points.peekLast().at()).compareTo(minimumSpan) >= 0;
        }
        if (!covered || completions <= 0 || podNanos <= 0) {
            return OptionalDouble.empty();
        }
        return OptionalDouble.of(completions / (podNanos / 1e9));
    }

    /** The samples held, over all Pods; for tests and diagnostics. */
    public int sampleCount() {
        return byPod.values().stream().mapToInt(ArrayDeque::size).sum();
    }

    private void forgetBefore(Instant cutoff) {
        Iterator<ArrayDeque<Point>> pods = byPod.values().iterator();
        while (pods.hasNext()) {
            ArrayDeque<Point> points = pods.next();
            while (!points.isEmpty() && points.peekFirst().at().isBefore(cutoff)) {
                points.removeFirst();
            }
            if (points.isEmpty()) {
                pods.remove();
            }
        }
    }
}
