package io.asyncservice.testing.k8s;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * One binary of the control plane as a child process: its output (stdout and stderr) goes to a log file, so a failed
 * start can quote the end of it; {@link #close()} stops it with SIGTERM and, after a grace period, SIGKILL.
 */
final class ControlPlaneProcess implements AutoCloseable {

    /** Enough for the components to finish their graceful shutdown; etcd and the controller-manager need well under a second. */
    private static final Duration GRACE = Duration.ofSeconds(10);
    private static final int TAIL_LINES = 40;

    /** A readiness check; throwing counts as "not yet" and the message of the last failure is reported on a timeout. */
    @FunctionalInterface
    interface Check {
        boolean ready() throws Exception;
    }

    private final String name;
    private final Process process;
    private final Path log;

    private ControlPlaneProcess(String name, Process process, Path log) {
        this.name = name;
        this.process = process;
        this.log = log;
    }

    /** Starts {@code binary args...} in {@code workDir}, with its output appended to {@code workDir/<name>.log}. */
    static ControlPlaneProcess start(String name, Path binary, List<String> args, Path workDir) {
        List<String> command = new ArrayList<>();
        command.add(binary.toString());
        command.addAll(args);
        Path log = workDir.resolve(name + ".log");
        try {
            Files.writeString(log, String.join(" \\\n    ", command) + "\n\n", StandardCharsets.UTF_8);
            Process process = new ProcessBuilder(command)
                    .directory(workDir.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                    .start();
            return new ControlPlaneProcess(name, process, log);
        } catch (IOException e) {
            throw new UncheckedIOException("could not start " + binary, e);
        }
    }

    /**
     * Polls {@code check} until it answers true. Fails, quoting the end of the log, when the process exits first or
     * the check is still false after {@code timeout}.
     */
    void awaitReady(String what, Duration timeout, Check check) {
        long deadline = System.nanoTime() + timeout.toNanos();
        String lastFailure = "";
        while (true) {
            try {
                if (check.ready()) {
                    return;
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            } catch (Exception e) {
                lastFailure = " (last check: " + e + ")";
            }
            if (!process.isAlive()) {
                throw failure(name + " exited with status " + process.exitValue() + " before " + what);
            }
            if (System.nanoTime() > deadline) {
                throw failure(name + " did not reach " + what + " within " + timeout.toSeconds() + " s" + lastFailure);
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }

    private IllegalStateException failure(String message) {
        return new IllegalStateException(message + "; the last lines of " + log + ":\n" + tail(TAIL_LINES));
    }

    /** The last {@code n} lines of the log. */
    String tail(int n) {
        try {
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - n), lines.size()));
        } catch (IOException | UncheckedIOException e) {
            return "(could not read " + log + ": " + e + ")";
        }
    }

    String name() {
        return name;
    }

    Path log() {
        return log;
    }

    boolean isAlive() {
        return process.isAlive();
    }

    long pid() {
        return process.pid();
    }

    /** SIGTERM, then SIGKILL if the process is still there after the grace period; returns once it is gone. */
    @Override
    public void close() {
        if (!process.isAlive()) {
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(GRACE.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly().waitFor(GRACE.toMillis(), TimeUnit.MILLISECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
