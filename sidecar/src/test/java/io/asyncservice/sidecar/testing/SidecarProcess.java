package io.asyncservice.sidecar.testing;

import io.asyncservice.api.sidecar.SidecarConfig;
import io.asyncservice.api.sidecar.SidecarContract;
import io.asyncservice.sidecar.SidecarMain;
import io.asyncservice.sidecar.config.ConfigLoader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A sidecar in its own JVM ({@code java -cp <test classpath> io.asyncservice.sidecar.SidecarMain}), for what only a
 * process can show: {@link #kill()} is {@code kill -9}, {@link #stop()} is SIGTERM. Output goes to a log file.
 */
public final class SidecarProcess implements SidecarRunner {

    private final Process process;
    private final int adminPort;
    private final Path log;

    private SidecarProcess(Process process, int adminPort, Path log) {
        this.process = process;
        this.adminPort = adminPort;
        this.log = log;
    }

    /**
     * The sidecar image's JVM flags (deploy/images/sidecar/pom.xml) in a pod with the chart's default sidecar memory
     * limit of 256Mi: a 128 MiB heap, and an OutOfMemoryError ends the process as it would the container.
     */
    public static final List<String> IMAGE_JVM_FLAGS = List.of("-XX:MaxRAM=256m", "-XX:MaxRAMPercentage=50",
            "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-XX:ReservedCodeCacheSize=32m", "-Xss512k",
            "-XX:+ExitOnOutOfMemoryError");

    /** Starts the process, with the image's JVM flags, and returns once /livez answers. */
    public static SidecarProcess start(SidecarConfig config, Map<String, String> env, Path log) {
        try {
            Files.createDirectories(log.getParent());
            Path argFile = Files.createTempFile("sidecar-classpath", ".args");
            argFile.toFile().deleteOnExit();
            Files.writeString(argFile, "-cp \"" + classpath().replace("\\", "\\\\") + "\"\n");
            String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            List<String> command = new java.util.ArrayList<>(List.of(java));
            command.addAll(IMAGE_JVM_FLAGS);
            command.addAll(List.of("@" + argFile, SidecarMain.class.getName()));
            ProcessBuilder pb = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.to(log.toFile()));
            pb.environment().putAll(env);
            pb.environment().put(SidecarContract.CONFIG_ENV, ConfigLoader.toJson(config));
            SidecarProcess p = new SidecarProcess(pb.start(), config.getPort(), log);
            p.awaitLive(Duration.ofSeconds(30));
            return p;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String classpath() {
        String surefire = System.getProperty("surefire.test.class.path");
        return surefire != null && !surefire.isBlank() ? surefire : System.getProperty("java.class.path");
    }

    private void awaitLive(Duration timeout) {
        Instant deadline = Instant.now().plus(timeout);
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new IllegalStateException("the sidecar process exited with " + process.exitValue() + "; see " + log);
            }
            if (live()) {
                return;
            }
            sleep(100);
        }
        kill();
        throw new IllegalStateException("the sidecar process did not answer /livez within " + timeout + "; see " + log);
    }

    @Override
    public int adminPort() {
        return adminPort;
    }

    public ProcessHandle handle() {
        return process.toHandle();
    }

    /** kill -9: no shutdown hook, no drain, nothing released. */
    public void kill() {
        process.destroyForcibly();
        waitFor(Duration.ofSeconds(10));
    }

    /** SIGTERM: the shutdown hook drains. */
    @Override
    public void stop() {
        if (process.isAlive()) {
            process.destroy();
            if (!waitFor(Duration.ofSeconds(60))) {
                kill();
            }
        }
    }

    public Path log() {
        return log;
    }

    private boolean waitFor(Duration d) {
        try {
            return process.waitFor(d.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
