package io.asyncservice.bench.profile;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

/**
 * JFR on one sidecar JVM: the flags that start a recording dumped to {@code <dir>/sidecar-<broker>-c<c>.jfr} when the
 * JVM exits (the bench stops the sidecar with SIGTERM, which runs the JVM's shutdown hooks), and, once it has exited,
 * beside it: the folded stacks of the measured window ({@code .folded}), those of the JVM's whole life, start-up and
 * drain included ({@code .all.folded}), and the window's top frames ({@code .top.txt}).
 */
public final class SidecarProfile {

    public static final int TOP = 25;

    private final ProfileCell cell;
    private final Path jfr;

    public SidecarProfile(Path dir, ProfileCell cell) {
        this.cell = cell;
        this.jfr = dir.toAbsolutePath().resolve("sidecar-" + cell.broker() + "-c" + cell.concurrency() + ".jfr");
    }

    public ProfileCell cell() {
        return cell;
    }

    public Path jfr() {
        return jfr;
    }

    /** The measured window's folded stacks. */
    public Path folded() {
        return sibling(".folded");
    }

    /** The whole life's folded stacks. */
    public Path allFolded() {
        return sibling(".all.folded");
    }

    public Path top() {
        return sibling(".top.txt");
    }

    /** Added to the sidecar's JVM flags. JDK 17 does not expand %p in the file name, so it is a full name. */
    public List<String> jvmFlags() {
        try {
            Files.createDirectories(jfr.getParent());
            Files.deleteIfExists(jfr);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare " + jfr, e);
        }
        return List.of("-XX:StartFlightRecording=filename=" + jfr + ",settings=profile,dumponexit=true");
    }

    /**
     * After the sidecar exited: writes both folded-stack files and the window's top frames, and returns those as text.
     * Fails if there is no recording or it holds no execution sample at all; if the window holds none (too short),
     * the top frames are the whole life's.
     */
    public String summarize(Instant windowStart, Instant windowEnd) {
        if (!Files.isRegularFile(jfr)) {
            throw new IllegalStateException("the sidecar left no recording at " + jfr);
        }
        try {
            FoldedStacks all = FoldedStacks.read(jfr);
            if (all.samples() == 0) {
                throw new IllegalStateException(jfr + " holds no " + FoldedStacks.EXECUTION_SAMPLE + " events");
            }
            FoldedStacks window = FoldedStacks.read(jfr, windowStart, windowEnd);
            all.write(allFolded());
            window.write(folded());
            boolean inWindow = window.samples() > 0;
            String text = "recording: " + jfr + "\n"
                    + "folded stacks: " + folded() + " (measured window, " + window.samples() + " samples), "
                    + allFolded() + " (whole life, " + all.samples() + " samples)\n"
                    + "top frames of " + (inWindow ? "the measured window" : "the whole life (no sample in the window)")
                    + ": " + TopFrames.of(inWindow ? window : all, TOP).render();
            Files.writeString(top(), text);
            return text;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + jfr, e);
        }
    }

    private Path sibling(String suffix) {
        String name = jfr.getFileName().toString();
        return jfr.resolveSibling(name.substring(0, name.length() - ".jfr".length()) + suffix);
    }
}
