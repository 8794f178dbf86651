package io.asyncservice.operator;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.BooleanSupplier;

/**
 * The operator's own HTTP endpoints: {@code /healthz} (liveness), {@code /readyz} (readiness) and
 * {@code /metrics} (Prometheus text format).
 */
public final class HealthServer implements AutoCloseable {

    private final HttpServer server;
    private final ExecutorService executor;

    private HealthServer(HttpServer server, ExecutorService executor) {
        this.server = server;
        this.executor = executor;
    }

    /**
     * @param host    the address to listen on, e.g. 0.0.0.0 for all interfaces
     * @param port    the port to listen on; 0 picks a free one
     * @param healthy answers /healthz: false makes kubelet restart the pod
     * @param ready   answers /readyz
     */
    public static HealthServer start(String host, int port, BooleanSupplier healthy, BooleanSupplier ready,
            PrometheusMeterRegistry registry) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(host, port), 0);
        ExecutorService executor = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "health-server");
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(executor);
        server.createContext("/healthz", exchange -> check(exchange, healthy));
        server.createContext("/readyz", exchange -> check(exchange, ready));
        server.createContext("/metrics", exchange -> respond(exchange, 200,
                "text/plain; version=0.0.4; charset=utf-8", registry.scrape()));
        server.start();
        return new HealthServer(server, executor);
    }

    public int port() {
        return server.getAddress().getPort();
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }

    private static void check(HttpExchange exchange, BooleanSupplier probe) throws IOException {
        boolean ok;
        try {
            ok = probe.getAsBoolean();
        } catch (RuntimeException e) {
            ok = false;
        }
        respond(exchange, ok ? 200 : 503, "text/plain; charset=utf-8", ok ? "ok\n" : "not ok\n");
    }

    private static void respond(HttpExchange exchange, int status, String contentType, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", contentType);
        boolean head = "HEAD".equalsIgnoreCase(exchange.getRequestMethod());
        exchange.sendResponseHeaders(status, head ? -1 : bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            if (!head) {
                out.write(bytes);
            }
        }
    }
}
