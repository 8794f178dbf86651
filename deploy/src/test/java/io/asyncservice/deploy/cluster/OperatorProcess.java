package io.asyncservice.deploy.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.asyncservice.deploy.Chart;
import io.asyncservice.testing.FreePorts;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One operator replica as its own JVM, as a pod runs it: {@code io.asyncservice.operator.Main} with exactly the
 * environment the chart renders, plus what the kubelet would give the pod (its {@code HOSTNAME}, the pod name, which
 * JOSDK takes as its leader-election identity) and a kubeconfig holding the chart's ServiceAccount token in place of
 * the mounted one. Its HTTP server moves to 127.0.0.1 and a free port. Output goes to {@code target/<name>.log}.
 */
final class OperatorProcess implements AutoCloseable {

    static final String MAIN = "io.asyncservice.operator.Main";
    private static final Duration KILL_WAIT = Duration.ofSeconds(10);

    private final String name;
    private final int port;
    private final Process process;
    private final Path log;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private OperatorProcess(String name, int port, Process process, Path log) {
        this.name = name;
        this.port = port;
        this.process = process;
        this.log = log;
    }

    /** Starts replica {@code podName} with {@code chartEnv}, authenticated by {@code kubeconfig}. */
    static OperatorProcess start(String podName, Map<String, String> chartEnv, Path kubeconfig) {
        int port = FreePorts.find();
        try {
            Path log = Files.createDirectories(Chart.DEPLOY.resolve("target")).resolve(podName + ".log");
            ProcessBuilder builder = new ProcessBuilder(
                    Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-cp", System.getProperty("java.class.path"), MAIN)
                    .redirectErrorStream(true).redirectOutput(log.toFile());
            Map<String, String> env = builder.environment();
            env.clear();
            env.putAll(chartEnv);
            env.put("HOSTNAME", podName);
            env.put("ASVC_HTTP_HOST", "127.0.0.1");
            env.put("ASVC_HTTP_PORT", Integer.toString(port));
            env.put("KUBECONFIG", kubeconfig.toString());
            env.put("KUBERNETES_AUTH_TRYSERVICEACCOUNT", "false");
            return new OperatorProcess(podName, port, builder.start(), log);
        } catch (IOException e) {
            throw new UncheckedIOException("could not start " + MAIN, e);
        }
    }

    String name() {
        return name;
    }

    boolean isAlive() {
        return process.isAlive();
    }

    /** Whether /healthz answers 200; fails, with the log, if the process has exited. */
    boolean healthy() {
        assertThat(process.isAlive()).as("%s exited:\n%s", name, log()).isTrue();
        try {
            return get("/healthz").statusCode() == 200;
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * The sum of every sample of {@code metric} on /metrics (all label sets), 0 if there is none: e.g. the
     * reconciliations JOSDK started, {@code operator_sdk_reconciliations_started_total}.
     */
    double metric(String metric) {
        try {
            return get("/metrics").body().lines()
                    .filter(l -> l.startsWith(metric + "{") || l.startsWith(metric + " "))
                    .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1)))
                    .sum();
        } catch (IOException e) {
            throw new UncheckedIOException(name + " /metrics: " + e.getMessage() + "\n" + log(), e);
        }
    }

    /** SIGTERM, as the kubelet stops a pod; does not wait. */
    void terminate() {
        process.destroy();
    }

    /** SIGKILL, as a node that dies or the OOM killer stops it: nothing runs after it. Does not wait. */
    void kill() {
        process.destroyForcibly();
    }

    /** Waits up to {@code timeout} for the process to exit; true if it did. */
    boolean awaitExit(Duration timeout) {
        try {
            return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The process's output so far. */
    String log() {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            return "(could not read " + log + ": " + e + ")";
        }
    }

    private HttpResponse<String> get(String path) throws IOException {
        try {
            return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                    .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
    }

    /** Kills the process (SIGKILL) if it still runs. */
    @Override
    public void close() {
        if (process.isAlive()) {
            process.destroyForcibly();
            awaitExit(KILL_WAIT);
        }
    }
}
