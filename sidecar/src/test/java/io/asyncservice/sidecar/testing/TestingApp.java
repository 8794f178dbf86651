package io.asyncservice.sidecar.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.asyncservice.testing.FreePorts;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A programmable app for end-to-end tests: an HTTP server on a free 127.0.0.1 port that answers {@code GET /health}
 * with 200 while it runs, and answers every POST with the next scripted {@link Reply} for the request's X-Request-Id,
 * else the default reply (200, echoing the body). It records every call. It can be created before it is started
 * ("down at start") and stopped and started again on the same port.
 */
public final class TestingApp implements AutoCloseable {

    public static final String PATH = "/work";
    public static final String READINESS_PATH = "/health";

    static {
        // The JDK server writes headers and body separately; without TCP_NODELAY, Nagle and the client's delayed ACK
        // add ~40 ms to every call, which would make a no-op app the bottleneck of any throughput measurement.
        // Read once per JVM when the server first starts, so set it before any test creates one.
        System.setProperty("sun.net.httpserver.nodelay", "true");
    }

    /** One answer: status, body, content type, headers, and a delay before answering. */
    public record Reply(int status, byte[] body, String contentType, Map<String, String> headers, Duration delay, boolean echo) {

        /** 200, echoing the request body and content type. */
        public static Reply ok() {
            return new Reply(200, new byte[0], null, Map.of(), Duration.ZERO, true);
        }

        /** The given status with a small JSON body. */
        public static Reply status(int status) {
            return new Reply(status, ("{\"status\":" + status + "}").getBytes(StandardCharsets.UTF_8), "application/json",
                    Map.of(), Duration.ZERO, false);
        }

        public Reply body(String body, String contentType) {
            return body(body.getBytes(StandardCharsets.UTF_8), contentType);
        }

        public Reply body(byte[] body, String contentType) {
            return new Reply(status, body.clone(), contentType, headers, delay, false);
        }

        public Reply header(String name, String value) {
            Map<String, String> h = new LinkedHashMap<>(headers);
            h.put(name, value);
            return new Reply(status, body, contentType, Map.copyOf(h), delay, echo);
        }

        /** Answers only after {@code d}. */
        public Reply after(Duration d) {
            return new Reply(status, body, contentType, headers, d, echo);
        }
    }

    /** One request the app received. Header names are lower case. */
    public record Call(String requestId, int attempt, byte[] body, String contentType, Map<String, String> headers, long atMillis) {

        public String bodyText() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    private final int port;
    private final Map<String, ConcurrentLinkedQueue<Reply>> scripts = new ConcurrentHashMap<>();
    private final List<Call> calls = new CopyOnWriteArrayList<>();
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicInteger maxInFlight = new AtomicInteger();
    private volatile Reply defaultReply = Reply.ok();
    private HttpServer server;
    private ExecutorService executor;

    private TestingApp(int port) {
        this.port = port;
    }

    /** An app on a free port, not started yet. */
    public static TestingApp create() {
        return new TestingApp(FreePorts.find());
    }

    /** Starts answering on the port. */
    public synchronized TestingApp start() {
        if (server != null) {
            return this;
        }
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 256);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot listen on " + port, e);
        }
        executor = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "testing-app");
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(executor);
        server.createContext(READINESS_PATH, ex -> respond(ex, 200, "ok".getBytes(StandardCharsets.UTF_8), "text/plain", Map.of()));
        server.createContext("/", this::handle);
        server.start();
        return this;
    }

    /** Stops answering; the port refuses connections until {@link #start()}. */
    public synchronized void stop() {
        if (server != null) {
            server.stop(0);
            executor.shutdownNow();
            server = null;
        }
    }

    @Override
    public void close() {
        stop();
    }

    public int port() {
        return port;
    }

    public TestingApp defaultReply(Reply reply) {
        this.defaultReply = reply;
        return this;
    }

    /** The next calls for {@code requestId} get these replies in turn; later ones get the default. */
    public TestingApp script(String requestId, Reply... replies) {
        scripts.computeIfAbsent(requestId, k -> new ConcurrentLinkedQueue<>()).addAll(List.of(replies));
        return this;
    }

    public List<Call> calls() {
        return List.copyOf(calls);
    }

    public List<Call> callsFor(String requestId) {
        return calls.stream().filter(c -> requestId.equals(c.requestId())).toList();
    }

    public List<Integer> attemptsOf(String requestId) {
        return callsFor(requestId).stream().map(Call::attempt).toList();
    }

    /** Requests being answered right now. */
    public int inFlight() {
        return inFlight.get();
    }

    public int maxInFlight() {
        return maxInFlight.get();
    }

    private void handle(HttpExchange ex) throws IOException {
        int now = inFlight.incrementAndGet();
        maxInFlight.accumulateAndGet(now, Math::max);
        try {
            byte[] body;
            try (InputStream in = ex.getRequestBody()) {
                body = in.readAllBytes();
            }
            Map<String, String> headers = new HashMap<>();
            ex.getRequestHeaders().forEach((k, v) -> headers.put(k.toLowerCase(Locale.ROOT), String.join(",", v)));
            String requestId = headers.get("x-request-id");
            int attempt = parse(headers.get("x-async-attempt"));
            calls.add(new Call(requestId, attempt, body, headers.get("content-type"), Map.copyOf(headers),
                    System.currentTimeMillis()));
            Reply reply = requestId == null ? null : scripts.getOrDefault(requestId, new ConcurrentLinkedQueue<>()).poll();
            if (reply == null) {
                reply = defaultReply;
            }
            if (!reply.delay().isZero()) {
                Thread.sleep(reply.delay().toMillis());
            }
            if (reply.echo()) {
                respond(ex, reply.status(), body, headers.getOrDefault("content-type", "application/octet-stream"), reply.headers());
            } else {
                respond(ex, reply.status(), reply.body(), reply.contentType(), reply.headers());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            ex.close();
        } finally {
            inFlight.decrementAndGet();
        }
    }

    private static int parse(String s) {
        try {
            return s == null ? 0 : Integer.parseInt(s);
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private static void respond(HttpExchange ex, int status, byte[] body, String contentType, Map<String, String> headers)
            throws IOException {
        if (contentType != null) {
            ex.getResponseHeaders().set("Content-Type", contentType);
        }
        headers.forEach((k, v) -> ex.getResponseHeaders().set(k, v));
        ex.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        if (body.length > 0) {
            try (OutputStream out = ex.getResponseBody()) {
                out.write(body);
            }
        }
        ex.close();
    }

    /** A short description of the calls, for failure messages. */
    public String describeCalls() {
        List<String> lines = new ArrayList<>();
        for (Call c : calls) {
            lines.add(c.requestId() + "#" + c.attempt());
        }
        return String.join(", ", lines);
    }
}
