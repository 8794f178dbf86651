package io.asyncservice.sidecar.lifecycle;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import io.asyncservice.api.sidecar.SidecarContract;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The sidecar's own HTTP port: {@code /livez}, {@code /readyz}, {@code /metrics} (Prometheus text) and {@code /drain}
 * (GET or POST; answers 200 only once everything in flight is settled; every concurrent caller waits for the same drain).
 */
public final class AdminServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(AdminServer.class);
    private static final Duration CLOSE_GRACE = Duration.ofSeconds(2);
    private static final String PROMETHEUS_TEXT = "text/plain; version=0.0.4; charset=utf-8";

    private final HttpServer server;
    private final ExecutorService executor;
    private final AtomicInteger active = new AtomicInteger();

    public AdminServer(int port, SidecarStatus status, Supplier<String> metrics) {
        try {
            this.server = HttpServer.create(new InetSocketAddress(port), 64);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot listen on the sidecar port " + port, e);
        }
        // Unbounded, because /drain callers block until the drain is over and must not starve /livez.
        this.executor = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "asvc-admin");
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(executor);
        context(SidecarContract.LIVEZ_PATH, ex -> {
            boolean live = status.isLive();
            respond(ex, live ? 200 : 503, live ? "ok\n" : "not live\n", "text/plain; charset=utf-8");
        });
        context(SidecarContract.READYZ_PATH, ex -> {
            String reason = status.notReadyReason();
            respond(ex, reason == null ? 200 : 503, reason == null ? "ready\n" : reason + "\n", "text/plain; charset=utf-8");
        });
        context(SidecarContract.METRICS_PATH, ex -> respond(ex, 200, metrics.get(), PROMETHEUS_TEXT));
        context(SidecarContract.DRAIN_PATH, ex -> drain(ex, status));
    }

    /** Registers a handler and counts the exchanges it is answering, so that close() lets them finish. */
    private void context(String path, HttpHandler handler) {
        server.createContext(path, ex -> {
            active.incrementAndGet();
            try {
                handler.handle(ex);
            } finally {
                active.decrementAndGet();
            }
        });
    }

    public void start() {
        server.start();
    }

    /** The bound port. */
    public int port() {
        return server.getAddress().getPort();
    }

    private static void drain(HttpExchange ex, SidecarStatus status) throws IOException {
        String method = ex.getRequestMethod();
        if (!method.equals("GET") && !method.equals("POST")) {
            ex.getResponseHeaders().add("Allow", "GET, POST");
            respond(ex, 405, "use GET or POST\n", "text/plain; charset=utf-8");
            return;
        }
        try {
            status.drain().get();
            respond(ex, 200, "drained\n", "text/plain; charset=utf-8");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            respond(ex, 503, "interrupted\n", "text/plain; charset=utf-8");
        } catch (ExecutionException e) {
            LOG.error("drain failed", e.getCause());
            respond(ex, 500, "drain failed: " + e.getCause() + "\n", "text/plain; charset=utf-8");
        }
    }

    private static void respond(HttpExchange ex, int status, String body, String contentType) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", contentType);
        if (ex.getRequestMethod().equals("HEAD") || bytes.length == 0) {
            ex.sendResponseHeaders(status, -1);
        } else {
            ex.sendResponseHeaders(status, bytes.length);
            try (OutputStream out = ex.getResponseBody()) {
                out.write(bytes);
            }
        }
        ex.close();
    }

    /** Stops listening once the exchanges under way (e.g. a /drain that just completed) have answered, or after 2 s. */
    @Override
    public void close() {
        long deadline = System.nanoTime() + CLOSE_GRACE.toNanos();
        while (active.get() > 0 && System.nanoTime() < deadline) {
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        server.stop(0);
        executor.shutdownNow();
    }
}
