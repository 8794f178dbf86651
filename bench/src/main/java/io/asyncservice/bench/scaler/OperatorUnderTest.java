package io.asyncservice.bench.scaler;

import io.asyncservice.bench.proc.ChildProcesses;
import io.asyncservice.bench.proc.ProcessMeter;
import io.asyncservice.testing.EmbeddedSqs;
import io.asyncservice.testing.FreePorts;
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

/**
 * The real operator ({@code io.asyncservice.operator.Main}, unchanged) in its own JVM, so that its CPU and RSS can be
 * read from /proc alone. JVM flags are the operator image's, with {@code -XX:MaxRAM=512m}: what the JVM sees under a
 * 512Mi memory limit. It reaches the real control plane of {@link ScalerBench} (kube-apiserver, etcd and
 * kube-controller-manager; no kubelet, so pods stay Pending) through its admin kubeconfig, with the production
 * defaults: server-side apply on, and HTTP/2 left to fabric8's client as in a cluster. It reaches ElasticMQ with the
 * AWS SDK's default credential chain (environment variables): its own AWS identity, which the AsyncServices opt into
 * with {@code identityOwner: operator}, so they need no Secrets.
 */
final class OperatorUnderTest implements AutoCloseable {

    static final List<String> IMAGE_JVM_FLAGS = List.of("-XX:MaxRAM=512m", "-XX:MaxRAMPercentage=75",
            "-XX:+ExitOnOutOfMemoryError", "-XX:-UsePerfData");
    private static final String MAIN = "io.asyncservice.operator.Main";

    private final Process process;
    private final int httpPort;
    private final Path log;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2)).build();

    private OperatorUnderTest(Process process, int httpPort, Path log) {
        this.process = process;
        this.httpPort = httpPort;
        this.log = log;
    }

    static OperatorUnderTest start(Path kubeconfig, Path log) {
        int port = FreePorts.find();
        List<String> argv = new ArrayList<>();
        argv.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        argv.addAll(IMAGE_JVM_FLAGS);
        argv.add("-cp");
        argv.add(io.asyncservice.sandbox.pods.JavaCommand.classpath());
        argv.add(MAIN);
        ProcessBuilder pb = new ProcessBuilder(argv).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        pb.environment().put("KUBECONFIG", kubeconfig.toString());
        pb.environment().put("ASVC_HTTP_HOST", "127.0.0.1");
        pb.environment().put("ASVC_HTTP_PORT", Integer.toString(port));
        pb.environment().put("ASVC_LEADER_ELECTION", "false");
        pb.environment().put("AWS_ACCESS_KEY_ID", EmbeddedSqs.ACCESS_KEY);
        pb.environment().put("AWS_SECRET_ACCESS_KEY", EmbeddedSqs.SECRET_KEY);
        try {
            log.getParent().toFile().mkdirs();
            OperatorUnderTest operator = new OperatorUnderTest(pb.start(), port, log);
            operator.awaitReady(Duration.ofSeconds(120));
            return operator;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the operator", e);
        }
    }

    ProcessMeter meter() {
        return new ProcessMeter(process.pid());
    }

    Path log() {
        return log;
    }

    private void awaitReady(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            requireAlive();
            try {
                if (get("/readyz").statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            }
            ChildProcesses.sleep(200);
        }
        throw new IllegalStateException("the operator was not ready within " + timeout + "; see " + log);
    }

    void requireAlive() {
        if (!process.isAlive()) {
            throw new IllegalStateException("the operator exited with " + process.exitValue() + "; see " + log);
        }
    }

    /** The operator's own count of SQS backlog reads (one GetQueueAttributes call each), from its /metrics. */
    long sqsBacklogReads() {
        try {
            return get("/metrics").body().lines()
                    .filter(l -> l.startsWith("asyncservice_scaler_backlog_reads_seconds_count{") && l.contains("broker=\"sqs\""))
                    .mapToLong(l -> (long) Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1)))
                    .sum();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot scrape the operator's /metrics", e);
        }
    }

    private HttpResponse<String> get(String path) throws IOException {
        try {
            return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + path))
                    .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
    }

    @Override
    public void close() {
        ChildProcesses.stop(process, Duration.ofSeconds(20));
    }
}
