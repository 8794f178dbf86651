package io.asyncservice.sandbox.pods;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/** The short plain-text answers that the sandbox's own HTTP endpoints give: a status, a text, and done. */
final class PlainTextReply {

    static final String CONTENT_TYPE = "text/plain; charset=utf-8";

    private PlainTextReply() {
    }

    /** Answers {@code status} with {@code text} as the whole body (no body if it is empty), and closes the exchange. */
    static void send(HttpExchange exchange, int status, String text) throws IOException {
        try (exchange) {
            byte[] body = text.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", CONTENT_TYPE);
            exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
            exchange.getResponseBody().write(body);
        }
    }
}
