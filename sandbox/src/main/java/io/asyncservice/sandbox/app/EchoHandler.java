package io.asyncservice.sandbox.app;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.DoubleSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code POST /<any path>}: waits the configured delay, then answers with the request echoed as JSON:
 * {@code {"request_id", "attempt", "path", "received_at", "instance", "body"}}, the body parsed if it is JSON.
 * A request may ask for its own delay with the header {@code X-Echo-Delay-Ms}, the query {@code ?delay_ms=} or a
 * top-level {@code "delay_ms"} field of a JSON body. A share of requests ({@code failureRate}) is answered 503,
 * and with a fixed status every request gets that status.
 */
final class EchoHandler implements HttpHandler {

    private static final Logger LOG = LoggerFactory.getLogger(EchoHandler.class);

    private final EchoSettings settings;
    private final DoubleSupplier random;
    private final RequestRecorder recorder;
    private final ObjectMapper mapper = new ObjectMapper();
    private final String instance;
    private final AtomicLong served = new AtomicLong();
    private final java.util.concurrent.atomic.AtomicInteger inFlight = new java.util.concurrent.atomic.AtomicInteger();
    private volatile boolean stopping;

    EchoHandler(EchoSettings settings, DoubleSupplier random, RequestRecorder recorder, String instance) {
        this.settings = settings;
        this.random = random;
        this.recorder = recorder;
        this.instance = instance;
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        inFlight.incrementAndGet();
        try (exchange) {
            if (stopping) {
                respond(exchange, 503, error("stopping"));
                return;
            }
            if (!exchange.getRequestMethod().equals("POST")) {
                respond(exchange, 405, error("only POST is echoed; GET /health tells whether the app is up"));
                return;
            }
            byte[] body = exchange.getRequestBody().readAllBytes();
            String requestId = exchange.getRequestHeaders().getFirst("X-Request-Id");
            JsonNode json = parse(body, exchange.getRequestHeaders().getFirst("Content-Type"));
            sleep(delay(exchange, json));
            if (settings.fixedStatus() != null) {
                respond(exchange, settings.fixedStatus(), error("ECHO_STATUS=" + settings.fixedStatus()));
                return;
            }
            if (settings.failureRate() > 0 && random.getAsDouble() < settings.failureRate()) {
                respond(exchange, 503, error("simulated failure (ECHO_FAILURE_RATE=" + settings.failureRate() + ")"));
                return;
            }
            ObjectNode echo = mapper.createObjectNode();
            echo.put("request_id", requestId);
            echo.put("attempt", exchange.getRequestHeaders().getFirst("X-Async-Attempt"));
            echo.put("path", exchange.getRequestURI().getPath());
            echo.put("received_at", java.time.Instant.now().toString());
            echo.put("instance", instance);
            if (json != null) {
                echo.set("body", json);
            } else {
                echo.put("body", new String(body, StandardCharsets.UTF_8));
            }
            recorder.record(requestId);
            served.incrementAndGet();
            respond(exchange, 200, echo);
        } finally {
            inFlight.decrementAndGet();
        }
    }

    /** From now on new requests get 503; returns the requests still in flight. */
    int stop() {
        stopping = true;
        return inFlight.get();
    }

    int inFlight() {
        return inFlight.get();
    }

    long served() {
        return served.get();
    }

    private Duration delay(HttpExchange exchange, JsonNode json) {
        String header = exchange.getRequestHeaders().getFirst("X-Echo-Delay-Ms");
        if (header != null) {
            return Duration.ofMillis(Long.parseLong(header.trim()));
        }
        String query = exchange.getRequestURI().getQuery();
        if (query != null) {
            for (String pair : query.split("&")) {
                if (pair.startsWith("delay_ms=")) {
                    return Duration.ofMillis(Long.parseLong(pair.substring("delay_ms=".length())));
                }
            }
        }
        if (json != null && json.path("delay_ms").canConvertToLong()) {
            return Duration.ofMillis(json.get("delay_ms").asLong());
        }
        return settings.delay();
    }

    private JsonNode parse(byte[] body, String contentType) {
        if (body.length == 0 || (contentType != null && !contentType.contains("json"))) {
            return null;
        }
        try {
            return mapper.readTree(body);
        } catch (IOException e) {
            return null;
        }
    }

    private ObjectNode error(String message) {
        ObjectNode error = mapper.createObjectNode();
        error.put("error", message);
        error.put("instance", instance);
        return error;
    }

    private void respond(HttpExchange exchange, int status, JsonNode body) throws IOException {
        byte[] bytes = mapper.writeValueAsBytes(body);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
        if (status >= 400) {
            LOG.debug("answered {} to {}", status, exchange.getRequestHeaders().getFirst("X-Request-Id"));
        }
    }

    private static void sleep(Duration delay) {
        if (delay.isZero() || delay.isNegative()) {
            return;
        }
        try {
            Thread.sleep(delay.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
