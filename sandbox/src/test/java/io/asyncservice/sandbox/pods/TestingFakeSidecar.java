package io.asyncservice.sandbox.pods;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;

/**
 * A stand-in for the real sidecar in the pod runner's test, run as its own process: it reads {@code ASVC_CONFIG},
 * serves {@code /readyz} (ready when the app answers on {@code endpoint.port}), and {@code /drain}, which takes
 * {@code FAKE_DRAIN_MS} and checks that the app is still up at its end. Like the real sidecar, SIGTERM runs the
 * same drain, and the port keeps answering until it is over. It appends what happens to
 * {@code FAKE_EVENTS_FILE}, each line starting with the pod's name: {@code pod-ip <POD_IP>} (when {@code POD_IP}
 * is set), {@code started <port> <endpointPort> <SECRET_VALUE>}, {@code drain-start},
 * {@code drain-end app-up=<true|false>}, {@code sigterm}.
 */
public final class TestingFakeSidecar {

    private TestingFakeSidecar() {
    }

    public static void main(String[] args) throws Exception {
        JsonNode config = new ObjectMapper().readTree(System.getenv("ASVC_CONFIG"));
        int port = config.path("port").asInt();
        int appPort = config.path("endpoint").path("port").asInt();
        // Without FAKE_EVENTS_FILE (e.g. when the real operator rendered the pod) nothing is recorded.
        Path events = System.getenv("FAKE_EVENTS_FILE") == null ? null : Path.of(System.getenv("FAKE_EVENTS_FILE"));
        long drainMillis = Long.parseLong(System.getenv().getOrDefault("FAKE_DRAIN_MS", "1000"));
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofMillis(300)).build();
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 16);
        server.setExecutor(java.util.concurrent.Executors.newCachedThreadPool());
        server.createContext("/readyz", exchange -> answer(exchange, appUp(http, appPort) ? 200 : 503));
        server.createContext("/livez", exchange -> answer(exchange, 200));
        java.util.concurrent.atomic.AtomicReference<java.util.concurrent.CompletableFuture<Void>> drain =
                new java.util.concurrent.atomic.AtomicReference<>();
        Runnable drainOnce = () -> {
            java.util.concurrent.CompletableFuture<Void> mine = new java.util.concurrent.CompletableFuture<>();
            if (drain.compareAndSet(null, mine)) {
                record(events, "drain-start");
                sleep(drainMillis);
                record(events, "drain-end app-up=" + appUp(http, appPort));
                mine.complete(null);
            }
            drain.get().join();
        };
        server.createContext("/drain", exchange -> {
            drainOnce.run();
            answer(exchange, 200);
        });
        if (System.getenv("POD_IP") != null) {
            record(events, "pod-ip " + System.getenv("POD_IP")); // before it can be ready
        }
        server.start();
        record(events, "started " + port + " " + appPort + " " + System.getenv("SECRET_VALUE"));
        // Like the real sidecar: SIGTERM drains too, and the admin port answers until the drain is over.
        // Like the real sidecar's AdminServer, it answers the /drain callers waiting on that drain before it exits:
        // an app's preStop GET /drain must not see its connection closed (the client would retry into a closed port).
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            record(events, "sigterm");
            drainOnce.run();
            server.stop(2);
        }));
        Thread.currentThread().join();
    }

    private static boolean appUp(HttpClient http, int appPort) {
        try {
            HttpResponse<Void> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + appPort + "/health"))
                    .timeout(Duration.ofMillis(500)).build(), HttpResponse.BodyHandlers.discarding());
            return r.statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static void answer(HttpExchange exchange, int status) throws IOException {
        try (exchange) {
            exchange.sendResponseHeaders(status, -1);
        }
    }

    private static void record(Path file, String line) {
        if (file == null) {
            return;
        }
        try {
            Files.write(file, (System.getenv("HOSTNAME") + " " + line + "\n").getBytes(StandardCharsets.UTF_8), StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
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
