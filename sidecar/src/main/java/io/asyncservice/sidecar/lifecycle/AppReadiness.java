package io.asyncservice.sidecar.lifecycle;

import io.asyncservice.sidecar.config.EndpointSettings;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whether the app can take work: it answers 2xx on its readiness path, or, without one, accepts TCP on its port.
 * Checked every second from start to close; the engine does not fetch while it is false.
 */
public final class AppReadiness implements AutoCloseable {

    public static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(1);
    private static final Logger LOG = LoggerFactory.getLogger(AppReadiness.class);
    private static final Duration PROBE_TIMEOUT = Duration.ofSeconds(2);

    private final EndpointSettings endpoint;
    private final Duration interval;
    private final HttpClient client;
    private final URI readinessUri;
    private final ScheduledExecutorService scheduler;
    private volatile boolean ready;
    private volatile String lastProblem = "not checked yet";

    public AppReadiness(EndpointSettings endpoint, Duration interval) {
        this.endpoint = endpoint;
        this.interval = interval;
        this.readinessUri = endpoint.readinessPath() == null ? null
                : URI.create("http://127.0.0.1:" + endpoint.port() + endpoint.readinessPath());
        this.client = readinessUri == null ? null : HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(PROBE_TIMEOUT)
                .build();
        this.scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "asvc-readiness");
            t.setDaemon(true);
            return t;
        });
    }

    public void start() {
        scheduler.scheduleWithFixedDelay(this::check, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    public boolean isReady() {
        return ready;
    }

    /** Why the app is not ready, for /readyz. */
    public String problem() {
        return ready ? null : lastProblem;
    }

    void check() {
        String problem = probe();
        boolean now = problem == null;
        if (now != ready) {
            if (now) {
                LOG.info("the app is ready ({}); fetching messages", describe());
            } else {
                LOG.warn("the app is not ready ({}): {}; fetching paused", describe(), problem);
            }
        }
        lastProblem = problem;
        ready = now;
    }

    private String probe() {
        if (readinessUri == null) {
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", endpoint.port()), (int) PROBE_TIMEOUT.toMillis());
                return null;
            } catch (IOException e) {
                return "port " + endpoint.port() + " does not accept connections";
            }
        }
        try {
            HttpResponse<Void> r = client.send(HttpRequest.newBuilder(readinessUri).timeout(PROBE_TIMEOUT).GET().build(),
                    HttpResponse.BodyHandlers.discarding());
            return r.statusCode() / 100 == 2 ? null : readinessUri.getPath() + " answered " + r.statusCode();
        } catch (IOException e) {
            return readinessUri.getPath() + " did not answer: " + e.getClass().getSimpleName();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        }
    }

    private String describe() {
        return readinessUri != null ? "GET " + readinessUri : "TCP 127.0.0.1:" + endpoint.port();
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
    }
}
