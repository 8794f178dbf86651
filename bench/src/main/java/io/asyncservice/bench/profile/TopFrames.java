package io.asyncservice.bench.profile;

import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The hottest frames of a profile: <em>self</em> counts the samples a frame was the leaf of (running its own code),
 * <em>total</em> the samples it was anywhere on the stack (once per sample, even when recursive).
 */
public record TopFrames(long samples, List<Frame> self, List<Frame> total) {

    /** A frame and its share of the samples. */
    public record Frame(String method, long samples, double percent) {
    }

    public static TopFrames of(FoldedStacks stacks, int limit) {
        Map<String, Long> self = new HashMap<>();
        Map<String, Long> total = new HashMap<>();
        for (Map.Entry<String, Long> e : stacks.stacks().entrySet()) {
            String[] frames = e.getKey().split(";");
            self.merge(frames[frames.length - 1], e.getValue(), Long::sum);
            Set<String> once = new LinkedHashSet<>(Arrays.asList(frames));
            for (String frame : once) {
                total.merge(frame, e.getValue(), Long::sum);
            }
        }
        long samples = stacks.samples();
        return new TopFrames(samples, top(self, samples, limit), top(total, samples, limit));
    }

    private static List<Frame> top(Map<String, Long> counts, long samples, int limit) {
        return counts.entrySet().stream()
                .sorted(Map.Entry.<String, Long>comparingByValue(Comparator.reverseOrder())
                        .thenComparing(Map.Entry.comparingByKey()))
                .limit(limit)
                .map(e -> new Frame(e.getKey(), e.getValue(), samples == 0 ? 0 : 100.0 * e.getValue() / samples))
                .toList();
    }

    /** Plain text: the sample count, then the self and the total table. */
    public String render() {
        StringBuilder out = new StringBuilder();
        out.append(samples).append(" execution samples\n");
        table(out, "self", self);
        table(out, "total", total);
        return out.toString();
    }

    private static void table(StringBuilder out, String title, List<Frame> frames) {
        out.append("\ntop ").append(frames.size()).append(' ').append(title).append(" frames (% of samples):\n");
        for (Frame f : frames) {
            out.append(String.format(Locale.ROOT, "  %6.2f%%  %7d  %s%n", f.percent(), f.samples(), f.method()));
        }
    }
}
