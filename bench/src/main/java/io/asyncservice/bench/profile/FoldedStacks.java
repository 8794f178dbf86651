package io.asyncservice.bench.profile;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedMethod;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordingFile;

/**
 * The CPU samples of a JFR recording ({@code jdk.ExecutionSample} events) as folded stacks: one line per distinct
 * stack, {@code root;caller;...;leaf count}, the format flamegraph.pl and speedscope read. A frame is
 * {@code fully.qualified.Class.method}; read with the JDK's own {@link RecordingFile}.
 */
public final class FoldedStacks {

    public static final String EXECUTION_SAMPLE = "jdk.ExecutionSample";
    private static final Pattern HIDDEN_CLASS_SUFFIX = Pattern.compile("\\+0x[0-9a-fA-F]+(\\.\\d+)?(?=\\.)");

    private final Map<String, Long> counts;

    private FoldedStacks(Map<String, Long> counts) {
        this.counts = Collections.unmodifiableMap(counts);
    }

    /** Reads every execution sample of {@code jfr}. */
    public static FoldedStacks read(Path jfr) throws IOException {
        return read(jfr, Instant.MIN, Instant.MAX);
    }

    /** Reads the execution samples of {@code jfr} taken from {@code from} to {@code to}, both included. */
    public static FoldedStacks read(Path jfr, Instant from, Instant to) throws IOException {
        Map<String, Long> counts = new TreeMap<>();
        try (RecordingFile file = new RecordingFile(jfr)) {
            while (file.hasMoreEvents()) {
                RecordedEvent event = file.readEvent();
                if (!event.getEventType().getName().equals(EXECUTION_SAMPLE)
                        || event.getStartTime().isBefore(from) || event.getStartTime().isAfter(to)) {
                    continue;
                }
                RecordedStackTrace trace = event.getStackTrace();
                if (trace != null && !trace.getFrames().isEmpty()) {
                    counts.merge(fold(trace.getFrames()), 1L, Long::sum);
                }
            }
        }
        return new FoldedStacks(counts);
    }

    /** Stacks as they were folded, e.g. from a file this class wrote: {@code a;b;c} to its sample count. */
    public static FoldedStacks of(Map<String, Long> counts) {
        return new FoldedStacks(new TreeMap<>(counts));
    }

    /** JFR gives the leaf first; folded stacks start at the root. */
    private static String fold(List<RecordedFrame> leafFirst) {
        List<String> names = new ArrayList<>(leafFirst.size());
        for (int i = leafFirst.size() - 1; i >= 0; i--) {
            names.add(frameName(leafFirst.get(i)));
        }
        return String.join(";", names);
    }

    static String frameName(RecordedFrame frame) {
        RecordedMethod method = frame.getMethod();
        if (method == null) {
            return "[unknown]";
        }
        return cleanName(method.getType().getName() + "." + method.getName());
    }

    /**
     * A frame name fit for a folded line (no {@code ;}, no space), with a lambda's hidden-class address dropped
     * ({@code Foo$$Lambda$548+0x00007f2f542c9408.1581878714.run} becomes {@code Foo$$Lambda$548.run}), so that stacks
     * of one lambda fold together and read alike across runs.
     */
    static String cleanName(String name) {
        return HIDDEN_CLASS_SUFFIX.matcher(name).replaceAll("").replace(';', ':').replace(' ', '_');
    }

    /** Distinct stack (root first, frames joined by {@code ;}) to its number of samples. */
    public Map<String, Long> stacks() {
        return counts;
    }

    public long samples() {
        return counts.values().stream().mapToLong(Long::longValue).sum();
    }

    /** One {@code stack count} line per distinct stack. */
    public List<String> lines() {
        return counts.entrySet().stream().map(e -> e.getKey() + " " + e.getValue()).toList();
    }

    public void write(Path file) throws IOException {
        if (file.getParent() != null) {
            Files.createDirectories(file.getParent());
        }
        Files.write(file, lines());
    }
}
