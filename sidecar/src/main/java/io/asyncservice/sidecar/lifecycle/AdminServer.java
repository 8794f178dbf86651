package io.asyncservice.sidecar.lifecycle;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import io.asyncservice.api.sidecar.SidecarContract;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The sidecar's own HTTP port: {@code /livez}, {@code /readyz}, {@code /metrics} (Prometheus text), {@code /load}
 * ({@link io.asyncservice.api.sidecar.SidecarLoad} JSON, GET only) and {@code /drain}.
 *
 * <p>{@code /drain} (GET or POST) answers 200 only once everything in flight is settled; every concurrent caller gets
 * that answer. It needs the Deployment's drain token in {@link SidecarContract#DRAIN_TOKEN_HEADER}, which only the
 * pod's own preStop hook sends: without it, or with another value, it answers 403 and drains nothing. A sidecar
 * started without a token (a Deployment rendered before tokens existed) keeps the open {@code /drain} and says so
 * once at start. The other paths are open.
 *
 * <p>A fixed pool of {@value #THREADS} threads serves the port, and no thread waits for a drain: a {@code /drain}
 * caller's answer is written when the drain completes. At most {@value #MAX_DRAIN_WAITERS} callers wait at once;
 * more get 503 at once.
 */
public final class AdminServer implements AutoCloseable {

    /** Enough for the kubelet's probes, a scrape and a preStop at once; nothing here blocks. */
    static final int THREADS = 4;
    /** The preStop hook is one caller (the kubelet may retry it); the rest is room for a person with the token. */
    static final int MAX_DRAIN_WAITERS = 8;

    private static final Logger LOG = LoggerFactory.getLogger(AdminServer.class);
    private static final Duration CLOSE_GRACE = Duration.ofSeconds(2);
    private static final Duration REFUSAL_LOG_INTERVAL = Duration.ofMinutes(1);
    private static final String PROMETHEUS_TEXT = "text/plain; version=0.0.4; charset=utf-8";
    private static final String TEXT = "text/plain; charset=utf-8";
    private static final String JSON = "application/json";
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final HttpServer server;
    private final ExecutorService executor;
    private final SidecarStatus status;
    private final byte[] drainToken;
    private final AtomicInteger active = new AtomicInteger();
    private final AtomicInteger drainWaiters = new AtomicInteger();
    private final AtomicLong lastRefusalLog = new AtomicLong(System.nanoTime() - REFUSAL_LOG_INTERVAL.toNanos());

    /**
     * @param drainToken the value /drain must carry in {@link SidecarContract#DRAIN_TOKEN_HEADER}; null leaves /drain
     *                   open, as before tokens existed
     */
    public AdminServer(int port, SidecarStatus status, Supplier<String> metrics, String drainToken) {
        try {
            this.server = HttpServer.create(new InetSocketAddress(port), 64);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot listen on the sidecar port " + port, e);
        }
        this.status = status;
        this.drainToken = drainToken == null ? null : drainToken.getBytes(StandardCharsets.UTF_8);
        if (drainToken == null) {
            LOG.warn("{} is not set, so {} is open: anything that reaches port {} can stop this sidecar fetching; "
                    + "the operator sets it when it renders the Deployment again",
                    SidecarContract.DRAIN_TOKEN_ENV, SidecarContract.DRAIN_PATH, port);
        }
        AtomicInteger n = new AtomicInteger();
        this.executor = Executors.newFixedThreadPool(THREADS, r -> {
            Thread t = new Thread(r, "asvc-admin-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(executor);
        context(SidecarContract.LIVEZ_PATH, ex -> {
            boolean live = status.isLive();
            respond(ex, live ? 200 : 503, live ? "ok\n" : "not live\n", TEXT);
        });
        context(SidecarContract.READYZ_PATH, ex -> {
            String reason = status.notReadyReason();
            respond(ex, reason == null ? 200 : 503, reason == null ? "ready\n" : reason + "\n", TEXT);
        });
        context(SidecarContract.METRICS_PATH, ex -> respond(ex, 200, metrics.get(), PROMETHEUS_TEXT));
        context(SidecarContract.LOAD_PATH, this::load);
        context(SidecarContract.DRAIN_PATH, this::drain);
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

    /** Read-only and without message content, so open like /metrics; GET (and HEAD) only. */
    private void load(HttpExchange ex) throws IOException {
        String method = ex.getRequestMethod();
        if (!method.equals("GET") && !method.equals("HEAD")) {
            ex.getResponseHeaders().add("Allow", "GET, HEAD");
            respond(ex, 405, "use GET\n", TEXT);
            return;
        }
        String body;
        try {
            body = MAPPER.writeValueAsString(status.load());
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
        respond(ex, 200, body, JSON);
    }

    private void drain(HttpExchange ex) throws IOException {
        String method = ex.getRequestMethod();
        if (!method.equals("GET") && !method.equals("POST")) {
            ex.getResponseHeaders().add("Allow", "GET, POST");
            respond(ex, 405, "use GET or POST\n", TEXT);
            return;
        }
        String refusal = refusal(ex.getRequestHeaders().getFirst(SidecarContract.DRAIN_TOKEN_HEADER));
        if (refusal != null) {
            logRefusal(ex, refusal);
            respond(ex, 403, "drain refused: " + refusal + "; only the pod's own preStop hook may drain this sidecar\n",
                    TEXT);
            return;
        }
        if (drainWaiters.incrementAndGet() > MAX_DRAIN_WAITERS) {
            drainWaiters.decrementAndGet();
            respond(ex, 503, "drain under way and " + MAX_DRAIN_WAITERS + " callers already wait for it; try again\n",
                    TEXT);
            return;
        }
        // Answered when the drain completes, from the pool; until then no thread waits, and close() waits for it.
        active.incrementAndGet();
        try {
            status.drain().whenCompleteAsync((done, failure) -> answerDrain(ex, failure), executor);
        } catch (RuntimeException e) {
            answerDrain(ex, e);
        }
    }

    private void answerDrain(HttpExchange ex, Throwable failure) {
        try {
            if (failure == null) {
                respond(ex, 200, "drained\n", TEXT);
            } else {
                Throwable cause = failure instanceof CompletionException && failure.getCause() != null
                        ? failure.getCause() : failure;
                LOG.error("drain failed", cause);
                respond(ex, 500, "drain failed: " + cause + "\n", TEXT);
            }
        } catch (IOException | RuntimeException e) {
            LOG.debug("could not answer a /drain caller: {}", e.toString());
            ex.close();
        } finally {
            drainWaiters.decrementAndGet();
            active.decrementAndGet();
        }
    }

    /** Null when the caller may drain, else why not. The comparison takes the same time wherever the values differ. */
    private String refusal(String given) {
        if (drainToken == null) {
            return null;
        }
        if (given == null) {
            return "no " + SidecarContract.DRAIN_TOKEN_HEADER + " header";
        }
        if (!MessageDigest.isEqual(drainToken, given.trim().getBytes(StandardCharsets.UTF_8))) {
            return "wrong " + SidecarContract.DRAIN_TOKEN_HEADER + " header";
        }
        return null;
    }

    /** At most one line a minute, so that a caller who keeps trying cannot flood the log. */
    private void logRefusal(HttpExchange ex, String refusal) {
        long now = System.nanoTime();
        long last = lastRefusalLog.get();
        if (now - last >= REFUSAL_LOG_INTERVAL.toNanos() && lastRefusalLog.compareAndSet(last, now)) {
            LOG.warn("refused a {} of {} from {}: {} (logged at most once a minute)", ex.getRequestMethod(),
                    SidecarContract.DRAIN_PATH, ex.getRemoteAddress(), refusal);
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
