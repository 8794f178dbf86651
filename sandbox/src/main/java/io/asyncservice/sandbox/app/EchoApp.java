package io.asyncservice.sandbox.app;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The example app shipped with the sandbox: an HTTP service on 127.0.0.1:{@code PORT} that echoes each POST as
 * JSON ({@link EchoHandler}) and answers {@code GET /health}. Its delay, failure rate and status come from the
 * environment ({@link EchoSettings}). On SIGTERM it stops taking connections and waits for requests in flight.
 *
 * <p>Run it alone with {@code java -cp <sandbox classpath> io.asyncservice.sandbox.app.EchoApp}.
 */
public final class EchoApp implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(EchoApp.class);

    private final HttpServer server;
    private final ExecutorService executor;
    private final EchoSettings settings;
    private final EchoHandler handler;

    private EchoApp(HttpServer server, ExecutorService executor, EchoSettings settings, EchoHandler handler) {
        this.server = server;
        this.executor = executor;
        this.settings = settings;
        this.handler = handler;
    }

    /** Starts the app; {@code settings.port()} 0 picks a free port. */
    public static EchoApp start(EchoSettings settings) {
        String instance = "echo-" + ProcessHandle.current().pid() + ":" + settings.port();
        RequestRecorder recorder = settings.recordFile() == null ? RequestRecorder.none()
                : RequestRecorder.toFile(settings.recordFile());
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), settings.port()), 128);
            ExecutorService executor = Executors.newCachedThreadPool();
            server.setExecutor(executor);
            server.createContext("/health", exchange -> {
                try (exchange) {
                    byte[] ok = "{\"status\":\"ok\"}".getBytes(StandardCharsets.UTF_8);
                    exchange.getResponseHeaders().set("Content-Type", "application/json");
                    exchange.sendResponseHeaders(200, ok.length);
                    exchange.getResponseBody().write(ok);
                }
            });
            EchoHandler handler = new EchoHandler(settings, () -> ThreadLocalRandom.current().nextDouble(), recorder,
                    instance);
            server.createContext("/", handler);
            server.start();
            return new EchoApp(server, executor, settings, handler);
        } catch (IOException e) {
            throw new UncheckedIOException("could not listen on 127.0.0.1:" + settings.port(), e);
        }
    }

    public int port() {
        return server.getAddress().getPort();
    }

    /**
     * Answers new requests with 503, waits up to the stop grace for requests in flight, then closes. (JDK 17's
     * {@code HttpServer.stop(delay)} always waits the whole delay, so the wait is done here.)
     */
    @Override
    public void close() {
        handler.stop();
        long deadline = System.nanoTime() + settings.stopGrace().toNanos();
        while (handler.inFlight() > 0 && System.nanoTime() < deadline) {
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        server.stop(0);
        executor.shutdownNow();
    }

    public static void main(String[] args) {
        EchoSettings settings = EchoSettings.fromEnv(System.getenv());
        EchoApp app = start(settings);
        LOG.info("Echo app listening on 127.0.0.1:{} (delay {} ms, failure rate {}, status {})", app.port(),
                settings.delay().toMillis(), settings.failureRate(),
                settings.fixedStatus() == null ? "2xx" : settings.fixedStatus());
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            LOG.info("Echo app on port {} stopping: waiting for requests in flight", app.port());
            app.close();
        }, "echo-stop"));
    }
}
