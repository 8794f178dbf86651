package io.asyncservice.sandbox.pods;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One container of a local pod as a local process, restarted as the pod's {@code restartPolicy} says: with
 * {@code Always} (the default) a process that exits is started again after a back-off (1 s doubling to 10 s; a
 * kubelet goes to 5 min) and its restart count goes up; with {@code OnFailure} only a non-zero exit restarts it;
 * with {@code Never} its first exit is final. Its stdout and stderr go to a log file. Thread-safe: the runner's loop and the termination sequence both use
 * it.
 */
final class ContainerProcess {

    private static final Logger LOG = LoggerFactory.getLogger(ContainerProcess.class);
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(10);

    private final String podName;
    private final String name;
    private final Launch.Factory launches;
    private final Path logFile;
    private final Path workingDir;
    private final String restartPolicy;

    private Process process;
    private Termination completed;
    private Instant startedAt;
    private int restartCount;
    private int starts;
    private Termination lastTermination;
    private Instant nextStartAt = Instant.EPOCH;
    private String waitingReason = "ContainerCreating";
    private String waitingMessage;
    private boolean stopped;

    /** How a run ended. */
    record Termination(int exitCode, String reason, Instant startedAt, Instant finishedAt) {
    }

    /** The container as the pod status shows it. */
    record Snapshot(String name, boolean running, Instant startedAt, int restartCount, String waitingReason,
            String waitingMessage, Termination lastTermination, Termination finalTermination, long pid) {
    }

    /** @param restartPolicy the pod's: Always, OnFailure or Never (null means Always) */
    ContainerProcess(String podName, String name, Launch.Factory launches, Path logFile, Path workingDir,
            String restartPolicy) {
        this.restartPolicy = restartPolicy == null ? "Always" : restartPolicy;
        this.podName = podName;
        this.name = name;
        this.launches = launches;
        this.logFile = logFile;
        this.workingDir = workingDir;
    }

    String name() {
        return name;
    }

    Path logFile() {
        return logFile;
    }

    /**
     * Notices an exit and, if {@code mayStart}, starts the process when it is due; never once
     * {@link #stopStarting()} was called.
     */
    synchronized void tick(Instant now, boolean mayStart) {
        noticeExit(now);
        if (!mayStart || stopped || process != null || now.isBefore(nextStartAt)) {
            return;
        }
        Launch launch;
        try {
            launch = launches.create();
        } catch (ContainerConfigException e) {
            if (!e.getMessage().equals(waitingMessage)) {
                LOG.warn("pod {} container {} cannot start: {}", podName, name, e.getMessage());
            }
            waitingReason = e.reason();
            waitingMessage = e.getMessage();
            nextStartAt = now.plusSeconds(1);
            return;
        }
        ProcessBuilder builder = new ProcessBuilder(launch.argv())
                .directory(workingDir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()));
        builder.environment().clear();
        builder.environment().put("PATH", System.getenv().getOrDefault("PATH", "/usr/local/bin:/usr/bin:/bin"));
        builder.environment().put("HOME", workingDir.toString());
        builder.environment().put("HOSTNAME", podName);
        builder.environment().putAll(launch.env());
        try {
            process = builder.start();
            startedAt = now;
            if (starts++ > 0) {
                restartCount++;
            }
            waitingReason = null;
            waitingMessage = null;
            LOG.info("pod {} container {} started: pid {}{}", podName, name, process.pid(),
                    restartCount > 0 ? " (restart " + restartCount + ")" : "");
        } catch (IOException e) {
            waitingReason = "RunContainerError";
            waitingMessage = "cannot run " + launch.argv().get(0) + ": " + e.getMessage();
            nextStartAt = now.plus(backoff());
            LOG.warn("pod {} container {}: {}", podName, name, waitingMessage);
        }
    }

    private void noticeExit(Instant now) {
        if (process == null || process.isAlive()) {
            return;
        }
        int exitCode = process.exitValue();
        lastTermination = new Termination(exitCode, exitCode == 0 ? "Completed" : "Error", startedAt, now);
        process = null;
        if (!stopped && ("Never".equals(restartPolicy) || ("OnFailure".equals(restartPolicy) && exitCode == 0))) {
            stopped = true;
            completed = lastTermination;
            LOG.info("pod {} container {} exited with {}; restartPolicy {}, so it stays stopped", podName, name,
                    exitCode, restartPolicy);
        } else if (!stopped) {
            nextStartAt = now.plus(backoff());
            waitingReason = restartCount > 0 ? "CrashLoopBackOff" : "ContainerCreating";
            waitingMessage = "back-off restarting: exited with " + exitCode;
            LOG.warn("pod {} container {} exited with {}; restarting in {} s", podName, name, exitCode,
                    backoff().toSeconds());
        }
    }

    private Duration backoff() {
        long seconds = 1L << Math.min(restartCount, 4);
        return Duration.ofSeconds(Math.min(seconds, MAX_BACKOFF.toSeconds()));
    }

    /** From now on the process is never started again: the pod is terminating. */
    synchronized void stopStarting() {
        stopped = true;
    }

    synchronized boolean isRunning() {
        return process != null && process.isAlive();
    }

    synchronized Optional<Long> pid() {
        return process == null ? Optional.empty() : Optional.of(process.pid());
    }

    /** SIGTERM. */
    synchronized void terminate() {
        if (process != null) {
            process.destroy();
        }
    }

    /** SIGKILL. */
    synchronized void kill() {
        if (process != null) {
            process.destroyForcibly();
        }
    }

    /** Waits up to {@code timeout} for the process to exit; true when it is not running. */
    boolean awaitExit(Duration timeout) throws InterruptedException {
        Process p;
        synchronized (this) {
            p = process;
        }
        return p == null || p.waitFor(Math.max(0, timeout.toMillis()), TimeUnit.MILLISECONDS);
    }

    synchronized Snapshot snapshot() {
        boolean running = process != null && process.isAlive();
        Termination finalTermination = null;
        if (stopped && !running && process != null) {
            finalTermination = new Termination(process.exitValue(), process.exitValue() == 0 ? "Completed" : "Error",
                    startedAt, Instant.now());
        } else if (completed != null) {
            finalTermination = completed;
        }
        return new Snapshot(name, running, running ? startedAt : null, restartCount,
                running ? null : waitingReason, running ? null : waitingMessage,
                completed != null ? null : lastTermination, finalTermination,
                running ? process.pid() : -1);
    }
}
