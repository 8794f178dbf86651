package io.asyncservice.bench.sidecar;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The user's app reduced to nothing: the JDK's HTTP server on 127.0.0.1 in the bench JVM, answering every POST to
 * {@link #PATH} with 200 and {@code {}} at once, and {@code GET /health} with 200. TCP_NODELAY is on (the JDK server
 * otherwise waits for delayed ACKs), as a real app server would have it.
 */
public final class NoOpApp implements AutoCloseable {

    public static final String PATH = "/work";
    public static final String HEALTH = "/health";
    private static final byte[] REPLY = "{}".getBytes(StandardCharsets.UTF_8);

    private final HttpServer server;
    private final ExecutorService executor;
    private final AtomicLong calls = new AtomicLong();

    private NoOpApp(HttpServer server, ExecutorService executor) {
        this.server = server;
        this.executor = executor;
    }

    public static NoOpApp start() {
        System.setProperty("sun.net.httpserver.nodelay", "true");
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 256);
            ExecutorService executor = Executors.newCachedThreadPool(r -> {
                Thread t = new Thread(r, "noop-app");
                t.setDaemon(true);
                return t;
            });
            server.setExecutor(executor);
            NoOpApp app = new NoOpApp(server, executor);
            server.createContext(HEALTH, exchange -> {
                try (exchange) {
                    exchange.sendResponseHeaders(200, -1);
                }
            });
            server.createContext(PATH, exchange -> {
                try (exchange; InputStream in = exchange.getRequestBody()) {
                    in.readAllBytes();
                    app.calls.incrementAndGet();
                    exchange.getResponseHeaders().set("Content-Type", "application/json");
                    exchange.sendResponseHeaders(200, REPLY.length);
                    exchange.getResponseBody().write(REPLY);
                }
            });
            server.start();
            return app;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the no-op app", e);
        }
    }

    public int port() {
        return server.getAddress().getPort();
    }

    public String url() {
        return "http://127.0.0.1:" + port() + PATH;
    }

    public long calls() {
        return calls.get();
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
