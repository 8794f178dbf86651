package io.asyncservice.bench.sidecar;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.asyncservice.api.sidecar.SidecarConfig;
import io.asyncservice.api.sidecar.SidecarContract;
import io.asyncservice.bench.proc.ChildProcesses;
import io.asyncservice.bench.proc.ProcessMeter;
import io.asyncservice.sandbox.SidecarJar;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The real sidecar: its runnable jar ({@code sidecar/target/async-service-sidecar.jar}, found as the sandbox finds it)
 * in its own JVM, with the JVM flags of the sidecar image and {@code -XX:MaxRAM=256m}, which is what the JVM sees in a
 * container with the chart's default 256Mi memory limit. Output goes to a log file.
 */
public final class SidecarUnderTest implements AutoCloseable {

    /** The sidecar image's flags (deploy/images/sidecar/pom.xml), plus the default container memory limit. */
    public static final List<String> IMAGE_JVM_FLAGS = List.of("-XX:MaxRAM=256m", "-XX:MaxRAMPercentage=50",
            "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-XX:ReservedCodeCacheSize=32m", "-Xss512k",
            "-XX:+ExitOnOutOfMemoryError", "-XX:-UsePerfData");
    private static final Pattern SUCCESS = Pattern.compile(
            "^asvc_messages_total\\{[^}]*outcome=\"success\"[^}]*\\} ([0-9.eE+]+)$", Pattern.MULTILINE);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Process process;
    private final int adminPort;
    private final Path log;
    private final long spawnedAt;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2)).build();

    private SidecarUnderTest(Process process, int adminPort, Path log, long spawnedAt) {
        this.process = process;
        this.adminPort = adminPort;
        this.log = log;
        this.spawnedAt = spawnedAt;
    }

    /** Spawns the sidecar and returns at once; {@link #spawnedAtNanos()} is the moment just before the spawn. */
    public static SidecarUnderTest spawn(SidecarConfig config, Map<String, String> env, Path log) {
        return spawn(config, env, log, List.of());
    }

    /** As {@link #spawn(SidecarConfig, Map, Path)}, with {@code extraJvmFlags} after {@link #jvmFlags()}, e.g. JFR's. */
    public static SidecarUnderTest spawn(SidecarConfig config, Map<String, String> env, Path log,
            List<String> extraJvmFlags) {
        List<String> argv = new ArrayList<>();
        argv.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        argv.addAll(jvmFlags());
        argv.addAll(extraJvmFlags);
        argv.add("-jar");
        argv.add(SidecarJar.locate().toString());
        ProcessBuilder pb = new ProcessBuilder(argv).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        pb.environment().putAll(env);
        try {
            pb.environment().put(SidecarContract.CONFIG_ENV, JSON.writeValueAsString(config));
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(e);
        }
        try {
            log.getParent().toFile().mkdirs();
            long at = System.nanoTime();
            return new SidecarUnderTest(pb.start(), config.getPort(), log, at);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the sidecar", e);
        }
    }

    /**
     * The image's flags, or those of the system property {@code bench.sidecar.jvmFlags} (space-separated), to measure
     * another setting, e.g. {@code -Dbench.sidecar.jvmFlags="-XX:MaxRAM=256m -XX:+UseSerialGC"}.
     */
    public static List<String> jvmFlags() {
        String override = System.getProperty("bench.sidecar.jvmFlags");
        return override == null || override.isBlank() ? IMAGE_JVM_FLAGS : List.of(override.trim().split("\\s+"));
    }

    public long spawnedAtNanos() {
        return spawnedAt;
    }

    public long pid() {
        return process.pid();
    }

    public ProcessMeter meter() {
        return new ProcessMeter(process.pid());
    }

    /** Waits until /readyz answers 200: the sidecar is connected and the app answered its readiness path. */
    public void awaitReady(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            requireAlive();
            try {
                if (get(SidecarContract.READYZ_PATH).statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            }
            ChildProcesses.sleep(20);
        }
        throw new IllegalStateException("the sidecar was not ready within " + timeout + "; see " + log);
    }

    /** The sidecar's own count of messages delivered (output accepted and input acknowledged); 0 if not up yet. */
    public long successes() {
        try {
            Matcher m = SUCCESS.matcher(get(SidecarContract.METRICS_PATH).body());
            return m.find() ? (long) Double.parseDouble(m.group(1)) : 0;
        } catch (IOException e) {
            return 0;
        }
    }

    private HttpResponse<String> get(String path) throws IOException {
        try {
            return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + adminPort + path))
                    .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
    }

    public void requireAlive() {
        if (!process.isAlive()) {
            throw new IllegalStateException("the sidecar exited with " + process.exitValue() + "; see " + log);
        }
    }

    public Path log() {
        return log;
    }

    /**
     * SIGTERM (the sidecar drains, and the JVM's shutdown hooks run, JFR's dump on exit among them), then SIGKILL after
     * 30 s.
     */
    @Override
    public void close() {
        ChildProcesses.stop(process, Duration.ofSeconds(30));
    }

    /** The exit code once stopped (143 after SIGTERM, 137 if it had to be killed); -1 while it runs. */
    public int exitValue() {
        return process.isAlive() ? -1 : process.exitValue();
    }
}
