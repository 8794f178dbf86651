package io.asyncservice.sandbox.pods;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link KubeletServer}'s {@code GET /containerLogs/{namespace}/{pod}/{container}}: the container's log file,
 * found through {@link ContainerLogs}, at once or as a follow, as its {@link ContainerLogQuery} asks.
 */
final class ContainerLogsHandler implements HttpHandler {

    static final String PREFIX = "/containerLogs/";
    static final long FOLLOW_POLL_MILLIS = 200;
    private static final Logger LOG = LoggerFactory.getLogger(ContainerLogsHandler.class);

    private final ContainerLogs logs;

    ContainerLogsHandler(ContainerLogs logs) {
        this.logs = logs;
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        String[] names = exchange.getRequestURI().getPath().substring(PREFIX.length()).split("/", -1);
        if (names.length != 3 || names[0].isEmpty() || names[1].isEmpty() || names[2].isEmpty()) {
            PlainTextReply.send(exchange, 404, "404 page not found\n");
            return;
        }
        if (!"GET".equals(exchange.getRequestMethod())) {
            exchange.getResponseHeaders().set("Allow", "GET");
            PlainTextReply.send(exchange, 405, "only GET is served here\n");
            return;
        }
        ContainerLogQuery query;
        try {
            query = ContainerLogQuery.parse(exchange.getRequestURI().getRawQuery());
        } catch (IllegalArgumentException e) {
            PlainTextReply.send(exchange, 400, e.getMessage() + "\n");
            return;
        }
        if (query.previous()) {
            PlainTextReply.send(exchange, 400, "previous=true is not supported: the sandbox keeps one log per "
                    + "container across restarts, and that log holds every run\n");
            return;
        }
        String namespace = names[0];
        String pod = names[1];
        String container = names[2];
        Optional<Path> file = logs.logFile(namespace, pod, container);
        if (file.isEmpty()) {
            PlainTextReply.send(exchange, 404, "container \"" + container + "\" in pod \"" + namespace + "/" + pod
                    + "\" is not running on this node\n");
            return;
        }
        try (exchange; LogCursor cursor = new LogCursor(file.get(), query.tailLines())) {
            exchange.getResponseHeaders().set("Content-Type", PlainTextReply.CONTENT_TYPE);
            if (query.follow()) {
                follow(exchange, cursor, query.limitBytes(), () -> logs.running(namespace, pod, container));
            } else {
                long length = Math.min(cursor.available(), query.limitBytes());
                exchange.sendResponseHeaders(200, length == 0 ? -1 : length);
                cursor.copy(length, exchange.getResponseBody());
            }
        } catch (IOException e) {
            LOG.debug("stopped serving the log of {}/{}/{}: {}", namespace, pod, container, e.toString());
        }
    }

    /** Ends when the process has stopped, at the limit, or when {@link KubeletServer#close()} interrupts it. */
    private static void follow(HttpExchange exchange, LogCursor cursor, long limit, BooleanSupplier running)
            throws IOException {
        exchange.sendResponseHeaders(200, 0);
        OutputStream body = exchange.getResponseBody();
        long remaining = limit;
        while (remaining > 0) {
            // Asked before reading: once the process is seen stopped, what is read next is all it wrote.
            boolean stillRunning = running.getAsBoolean();
            long count = Math.min(cursor.available(), remaining);
            if (count > 0) {
                cursor.copy(count, body);
                body.flush();
                remaining -= count;
            }
            if (!stillRunning) {
                return;
            }
            if (count == 0) {
                try {
                    Thread.sleep(FOLLOW_POLL_MILLIS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }
}
