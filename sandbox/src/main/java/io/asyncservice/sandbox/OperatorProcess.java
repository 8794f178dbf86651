package io.asyncservice.sandbox;

import io.asyncservice.sandbox.pods.JavaCommand;
import io.asyncservice.testing.FreePorts;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The real operator, unchanged: {@code io.asyncservice.operator.Main} in a child JVM, pointed at the sandbox API
 * by a kubeconfig, configured by its own environment variables. The sandbox settings are
 * {@code ASVC_SERVER_SIDE_APPLY=false}, because the mock API cannot do server-side apply, and fabric8's
 * {@code KUBERNETES_HTTP2_DISABLE=true}, because the mock server sometimes never answers a request that asks to
 * upgrade to h2c. Its output goes to {@code operator.log} in the work directory.
 */
public final class OperatorProcess implements AutoCloseable {

    public static final String MAIN_CLASS = "io.asyncservice.operator.Main";
    private static final Logger LOG = LoggerFactory.getLogger(OperatorProcess.class);

    private final Process process;
    private final int httpPort;
    private final Path logFile;

    private OperatorProcess(Process process, int httpPort, Path logFile) {
        this.process = process;
        this.httpPort = httpPort;
        this.logFile = logFile;
    }

    /** Starts the operator and returns once its {@code /readyz} answers 200. */
    public static OperatorProcess start(Path kubeconfig, Path logFile, Duration timeout) {
        int port = FreePorts.find();
        ProcessBuilder builder = new ProcessBuilder(JavaCommand.mainClass(MAIN_CLASS, "256m"))
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()));
        builder.environment().put("KUBECONFIG", kubeconfig.toString());
        builder.environment().put("ASVC_SERVER_SIDE_APPLY", "false");
        builder.environment().put("ASVC_HTTP_HOST", "127.0.0.1");
        builder.environment().put("ASVC_HTTP_PORT", String.valueOf(port));
        builder.environment().put("ASVC_LEADER_ELECTION", "false");
        // fabric8's own setting: plain HTTP/1.1, as the mock server sometimes never answers an h2c upgrade.
        builder.environment().put("KUBERNETES_HTTP2_DISABLE", "true");
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the operator", e);
        }
        OperatorProcess operator = new OperatorProcess(process, port, logFile);
        operator.awaitReady(timeout);
        LOG.info("Operator running: {} (pid {}), health and metrics on http://127.0.0.1:{}, log {}", MAIN_CLASS,
                process.pid(), port, logFile);
        return operator;
    }

    public long pid() {
        return process.pid();
    }

    public int httpPort() {
        return httpPort;
    }

    public Path logFile() {
        return logFile;
    }

    private void awaitReady(Duration timeout) {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
        Instant deadline = Instant.now().plus(timeout);
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new IllegalStateException("the operator exited with " + process.exitValue() + "; see " + logFile);
            }
            try {
                HttpResponse<Void> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + "/readyz"))
                        .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.discarding());
                if (r.statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            sleep(250);
        }
        close();
        throw new IllegalStateException("the operator was not ready within " + timeout.toSeconds() + " s; see " + logFile);
    }

    /** SIGTERM, then up to 20 s for the operator's graceful stop, then SIGKILL. */
    @Override
    public void close() {
        if (!process.isAlive()) {
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
        LOG.info("Operator stopped");
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
