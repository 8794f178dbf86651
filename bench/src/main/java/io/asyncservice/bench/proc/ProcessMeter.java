package io.asyncservice.bench.proc;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Reads {@link ProcSample}s of one process, by pid; Linux only. */
public final class ProcessMeter {

    private final long pid;

    public ProcessMeter(long pid) {
        this.pid = pid;
    }

    public ProcSample sample() {
        try {
            Path dir = Path.of("/proc", Long.toString(pid));
            return ProcSample.parse(Files.readString(dir.resolve("stat")), Files.readString(dir.resolve("status")));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read /proc/" + pid + " (has the process ended?)", e);
        }
    }

    /** The CPU in cores and the RSS at the end of a window of {@code seconds} during which {@code during} runs. */
    public Window measure(double seconds, Runnable during) {
        ProcSample before = sample();
        long start = System.nanoTime();
        during.run();
        long remaining = (long) (seconds * 1e9) - (System.nanoTime() - start);
        if (remaining > 0) {
            sleepNanos(remaining);
        }
        ProcSample after = sample();
        double elapsed = (System.nanoTime() - start) / 1e9;
        return new Window(after.coresSince(before, elapsed), after.rssMiB(), after.peakRssMiB(), elapsed);
    }

    /** What one window measured. */
    public record Window(double cores, double rssMiB, double peakRssMiB, double seconds) {
    }

    private static void sleepNanos(long nanos) {
        try {
            Thread.sleep(nanos / 1_000_000, (int) (nanos % 1_000_000));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
