package io.asyncservice.sandbox.pods;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublisher;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link ServiceProxy}'s handler: sends each proxied request on to the local address that its Service host
 * resolves to, and streams the answer back.
 */
final class ProxyForwarder implements HttpHandler {

    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
    private static final Logger LOG = LoggerFactory.getLogger(ProxyForwarder.class);
    /** Lower case; headers that concern one connection, or that the forwarding client sets itself. */
    private static final Set<String> NOT_FORWARDED = Set.of("connection", "proxy-connection", "keep-alive",
            "proxy-authorization", "te", "trailer", "transfer-encoding", "upgrade", "host", "content-length",
            "expect");

    private final ServiceAddresses addresses;
    private final HttpClient client = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(CONNECT_TIMEOUT)
            .followRedirects(HttpClient.Redirect.NEVER)
            .proxy(HttpClient.Builder.NO_PROXY)
            .build();

    ProxyForwarder(ServiceAddresses addresses) {
        this.addresses = addresses;
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        try {
            forward(exchange);
        } catch (IOException e) {
            LOG.debug("proxying {} {} broke off: {}", exchange.getRequestMethod(), exchange.getRequestURI(),
                    e.toString());
            // Not closing the exchange, which would end a chunked answer as if whole: thrown, this makes the
            // HttpServer drop the connection, so the client sees the answer cut short too.
            throw e;
        }
        exchange.close();
    }

    private void forward(HttpExchange exchange) throws IOException {
        URI uri = exchange.getRequestURI();
        if (uri.isAbsolute() && !"http".equalsIgnoreCase(uri.getScheme())) {
            PlainTextReply.send(exchange, 501, "the sandbox proxies plain HTTP only\n");
            return;
        }
        Optional<ProxyTarget> target = ProxyTarget.of(uri, exchange.getRequestHeaders().getFirst("Host"));
        if (target.isEmpty()) {
            PlainTextReply.send(exchange, 400, "this is the sandbox's HTTP proxy: send requests in proxy form, "
                    + "as http_proxy clients do (GET http://<service>.<namespace>.svc:<port>/<path>)\n");
            return;
        }
        String authority = target.get().authority();
        Optional<InetSocketAddress> address;
        try {
            address = addresses.resolve(target.get().host(), target.get().port());
        } catch (RuntimeException e) {
            LOG.warn("could not look up {}", authority, e);
            PlainTextReply.send(exchange, 502, "could not look up " + authority + ": " + e.getMessage() + "\n");
            return;
        }
        if (address.isEmpty()) {
            PlainTextReply.send(exchange, 502, "no Service of this sandbox answers to " + authority + "\n");
            return;
        }
        String local = hostPort(address.get());
        HttpRequest request;
        try {
            request = request(exchange, URI.create("http://" + local + target.get().pathAndQuery()));
        } catch (IllegalArgumentException e) {
            PlainTextReply.send(exchange, 400, "cannot forward this request: " + e.getMessage() + "\n");
            return;
        }
        HttpResponse<InputStream> response;
        try {
            response = client.send(request, BodyHandlers.ofInputStream());
        } catch (IOException e) {
            PlainTextReply.send(exchange, 502, "could not reach " + local + " for " + authority + ": "
                    + describe(e) + "\n");
            return;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            PlainTextReply.send(exchange, 503, "the sandbox's service proxy is stopping\n");
            return;
        }
        relay(response, exchange);
    }

    private static HttpRequest request(HttpExchange exchange, URI uri) throws IOException {
        Headers headers = exchange.getRequestHeaders();
        byte[] body = exchange.getRequestBody().readAllBytes();
        BodyPublisher publisher = body.length > 0 || headers.containsKey("Content-Length")
                || headers.containsKey("Transfer-Encoding") ? BodyPublishers.ofByteArray(body)
                : BodyPublishers.noBody();
        HttpRequest.Builder builder = HttpRequest.newBuilder(uri).method(exchange.getRequestMethod(), publisher);
        Set<String> skip = skipped(headers.get("Connection"));
        headers.forEach((name, values) -> {
            if (!skip.contains(name.toLowerCase(Locale.ROOT))) {
                for (String value : values) {
                    try {
                        builder.header(name, value);
                    } catch (IllegalArgumentException e) {
                        LOG.debug("not forwarding header {}: {}", name, e.getMessage());
                    }
                }
            }
        });
        return builder.build();
    }

    private static void relay(HttpResponse<InputStream> response, HttpExchange exchange) throws IOException {
        int status = response.statusCode();
        Set<String> skip = skipped(response.headers().allValues("Connection"));
        response.headers().map().forEach((name, values) -> {
            if (!name.startsWith(":") && !skip.contains(name.toLowerCase(Locale.ROOT))) {
                exchange.getResponseHeaders().put(name, new ArrayList<>(values));
            }
        });
        OptionalLong length = response.headers().firstValueAsLong("Content-Length");
        boolean head = "HEAD".equalsIgnoreCase(exchange.getRequestMethod());
        try (InputStream body = response.body()) {
            if (head || status < 200 || status == 204 || status == 304) {
                if (head && length.isPresent()) {
                    exchange.getResponseHeaders().set("Content-Length", Long.toString(length.getAsLong()));
                }
                exchange.sendResponseHeaders(status, -1);
                return;
            }
            // HttpServer's lengths: -1 for no body, 0 for chunked, n for exactly n bytes.
            long declared = length.orElse(-1);
            exchange.sendResponseHeaders(status, declared > 0 ? declared : declared == 0 ? -1 : 0);
            OutputStream out = exchange.getResponseBody();
            byte[] buffer = new byte[16 * 1024];
            for (int read = body.read(buffer); read >= 0; read = body.read(buffer)) {
                out.write(buffer, 0, read);
                out.flush();
            }
        }
    }

    /** The headers not to pass on: {@link #NOT_FORWARDED} and those a Connection header names. */
    private static Set<String> skipped(List<String> connection) {
        Set<String> skip = new HashSet<>(NOT_FORWARDED);
        if (connection != null) {
            for (String value : connection) {
                for (String token : value.split(",")) {
                    skip.add(token.strip().toLowerCase(Locale.ROOT));
                }
            }
        }
        return skip;
    }

    private static String hostPort(InetSocketAddress address) {
        String host = address.getHostString();
        return (host.contains(":") ? "[" + host + "]" : host) + ":" + address.getPort();
    }

    private static String describe(IOException e) {
        Throwable shown = e.getMessage() == null && e.getCause() != null ? e.getCause() : e;
        return shown.getMessage() == null ? shown.getClass().getSimpleName()
                : shown.getClass().getSimpleName() + ": " + shown.getMessage();
    }
}
