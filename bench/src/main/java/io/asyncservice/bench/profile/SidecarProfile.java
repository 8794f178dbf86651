package io.asyncservice.bench.profile;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.List;
import java.util.Locale;

/**
 * A CPU profile of one sidecar JVM, recorded as JFR in {@code <dir>/sidecar-<broker>-c<c>.jfr} and written when the JVM
 * exits (the bench stops the sidecar with SIGTERM, which runs the JVM's shutdown). The sampler is async-profiler (the
 * {@code tools.profiler:async-profiler} jar from Maven Central carries its native library) sampling CPU time every
 * millisecond, Java and kernel frames alike, where that jar has a library for this platform; elsewhere it is the JVM's
 * own JFR with {@code settings=profile}, which samples Java frames only, about every 10 ms. Once the JVM has exited,
 * beside the recording: the folded stacks of the measured window ({@code .folded}), those of the JVM's whole life,
 * start-up and drain included ({@code .all.folded}), and the window's top frames ({@code .top.txt}).
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
            Path agent = asyncProfilerLibrary(jfr.getParent());
            if (agent != null) {
                return List.of("-agentpath:" + agent + "=start,event=cpu,interval=1ms,file=" + jfr);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare " + jfr, e);
        }
        return List.of("-XX:StartFlightRecording=filename=" + jfr + ",settings=profile,dumponexit=true");
    }

    /** async-profiler's library for this platform, copied out of its jar into {@code dir}; null where it has none. */
    static Path asyncProfilerLibrary(Path dir) throws IOException {
        String platform = platform();
        if (platform == null) {
            return null;
        }
        try (InputStream in = SidecarProfile.class.getClassLoader().getResourceAsStream(platform + "/libasyncProfiler.so")) {
            if (in == null) {
                return null;
            }
            Path library = dir.resolve("libasyncProfiler.so");
            Files.copy(in, library, StandardCopyOption.REPLACE_EXISTING);
            return library.toAbsolutePath();
        }
    }

    /** The folder of async-profiler's jar that holds this platform's library, or null. */
    private static String platform() {
        if (!System.getProperty("os.name", "").toLowerCase(Locale.ROOT).contains("linux")) {
            return null;
        }
        return switch (System.getProperty("os.arch", "")) {
            case "amd64", "x86_64" -> "linux-x64";
            case "aarch64" -> "linux-arm64";
            default -> null;
        };
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
