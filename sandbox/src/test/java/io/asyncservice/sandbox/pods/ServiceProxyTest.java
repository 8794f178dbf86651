package io.asyncservice.sandbox.pods;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ProxySelector;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ServiceProxyTest {

    private static final Duration WAIT = Duration.ofSeconds(5);
    private static final Path WGET = Path.of("/usr/bin/wget");

    /** What the backend last received. */
    private record Received(String method, String rawPath, String rawQuery, Headers headers, String body) {
    }

    private final AtomicReference<Received> received = new AtomicReference<>();
    private HttpServer backend;
    private int downPort;
    private ServiceProxy proxy;
    private HttpClient client;

    @BeforeEach
    void start() throws IOException {
        backend = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        backend.createContext("/broken", exchange -> {
            exchange.sendResponseHeaders(200, 0); // chunked
            exchange.getResponseBody().write("partial".getBytes(StandardCharsets.UTF_8));
            exchange.getResponseBody().flush();
            // Thrown without closing the exchange: HttpServer drops the connection before the last chunk.
            throw new IOException("the service fell over");
        });
        backend.createContext("/", exchange -> {
            try (exchange) {
                String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
                URI uri = exchange.getRequestURI();
                received.set(new Received(exchange.getRequestMethod(), uri.getRawPath(), uri.getRawQuery(),
                        exchange.getRequestHeaders(), body));
                exchange.getResponseHeaders().set("X-Backend", "echo");
                switch (uri.getPath()) {
                    case "/redirect" -> {
                        exchange.getResponseHeaders().set("Location", "/elsewhere");
                        exchange.sendResponseHeaders(302, -1);
                    }
                    case "/nothing" -> exchange.sendResponseHeaders(204, -1);
                    case "/big" -> {
                        exchange.sendResponseHeaders(200, 0); // chunked
                        byte[] line = "0123456789abcdefghijklmnopqrstuvwxyz\n".getBytes(StandardCharsets.UTF_8);
                        for (int i = 0; i < 5000; i++) {
                            exchange.getResponseBody().write(line);
                        }
                    }
                    default -> {
                        byte[] answer = (exchange.getRequestMethod() + " " + uri.getRawPath()
                                + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery()) + "\n" + body)
                                .getBytes(StandardCharsets.UTF_8);
                        exchange.sendResponseHeaders("POST".equals(exchange.getRequestMethod()) ? 201 : 200,
                                answer.length);
                        exchange.getResponseBody().write(answer);
                    }
                }
            }
        });
        backend.start();
        try (ServerSocket closed = new ServerSocket(0)) {
            downPort = closed.getLocalPort();
        }
        Map<String, InetSocketAddress> services = Map.of(
                "echo.demo.svc:8080", backend.getAddress(),
                "down.demo.svc:8080", new InetSocketAddress("127.0.0.1", downPort));
        proxy = ServiceProxy.start((host, port) -> Optional.ofNullable(services.get(host + ":" + port)));
        client = HttpClient.newBuilder()
                .proxy(ProxySelector.of(new InetSocketAddress("127.0.0.1", proxy.port())))
                .connectTimeout(WAIT)
                .build();
    }

    @AfterEach
    void stop() {
        proxy.close();
        backend.stop(0);
    }

    @Test
    void forwardsMethodPathQueryHeadersAndBodyToTheService() throws Exception {
        HttpResponse<String> response = client.send(HttpRequest.newBuilder(
                        URI.create("http://echo.demo.svc:8080/orders/7?expand=items&x=a%20b"))
                .header("X-Trace", "abc")
                .POST(BodyPublishers.ofString("hello"))
                .timeout(WAIT).build(), BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(201);
        assertThat(response.headers().firstValue("X-Backend")).hasValue("echo");
        assertThat(response.body()).isEqualTo("POST /orders/7?expand=items&x=a%20b\nhello");
        Received request = received.get();
        assertThat(request.method()).isEqualTo("POST");
        assertThat(request.rawPath()).isEqualTo("/orders/7");
        assertThat(request.rawQuery()).isEqualTo("expand=items&x=a%20b");
        assertThat(request.body()).isEqualTo("hello");
        assertThat(request.headers().getFirst("X-Trace")).isEqualTo("abc");
        assertThat(request.headers().getFirst("Content-Length")).isEqualTo("5");
    }

    @Test
    void passesRedirectsAndEmptyAnswersBackAsTheyAre() throws Exception {
        HttpResponse<String> redirect = get("http://echo.demo.svc:8080/redirect");
        HttpResponse<String> nothing = get("http://echo.demo.svc:8080/nothing");

        assertThat(redirect.statusCode()).isEqualTo(302);
        assertThat(redirect.headers().firstValue("Location")).hasValue("/elsewhere");
        assertThat(nothing.statusCode()).isEqualTo(204);
        assertThat(nothing.body()).isEmpty();
    }

    @Test
    void streamsALongChunkedAnswerWhole() throws Exception {
        HttpResponse<String> response = get("http://echo.demo.svc:8080/big");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).hasSize(5000 * 37).startsWith("0123456789").endsWith("xyz\n");
    }

    @Test
    void answerThatBreaksOffReachesTheClientBrokenOff() {
        assertThatThrownBy(() -> get("http://echo.demo.svc:8080/broken"))
                .as("a cut-short answer must not look whole")
                .isInstanceOf(IOException.class);
    }

    @Test
    void routesByTheAbsoluteRequestTargetAndDropsHopByHopHeaders() throws Exception {
        // HttpServer hands a handler the proxy-form target as an absolute URI; the Host header here points elsewhere.
        String answer = raw("GET http://echo.demo.svc:8080/x?y=1 HTTP/1.1\r\n"
                + "Host: elsewhere.demo.svc:9999\r\n"
                + "Proxy-Connection: keep-alive\r\n"
                + "Keep-Alive: 300\r\n"
                + "Connection: close\r\n"
                + "Connection: X-Hop\r\n"
                + "X-Hop: only for the proxy\r\n"
                + "X-Kept: yes\r\n"
                + "\r\n");

        assertThat(answer).startsWith("HTTP/1.1 200").endsWith("\r\n\r\nGET /x?y=1\n");
        Headers forwarded = received.get().headers();
        assertThat(forwarded.getFirst("X-Kept")).isEqualTo("yes");
        assertThat(forwarded.getFirst("Host")).isEqualTo(backend.getAddress().getHostString() + ":"
                + backend.getAddress().getPort());
        assertThat(forwarded.keySet()).map(String::toLowerCase)
                .doesNotContain("proxy-connection", "keep-alive", "x-hop");
    }

    @Test
    void routesAnOriginFormRequestByItsHostHeader() throws Exception {
        String answer = raw("GET /by-host HTTP/1.1\r\nHost: echo.demo.svc:8080\r\nConnection: close\r\n\r\n");

        assertThat(answer).startsWith("HTTP/1.1 200").endsWith("\r\n\r\nGET /by-host\n");
    }

    @Test
    void unknownServiceIsABadGatewayNamingIt() throws Exception {
        HttpResponse<String> withPort = get("http://nope.demo.svc:8080/");
        HttpResponse<String> withoutPort = get("http://echo.demo.svc/");

        assertThat(withPort.statusCode()).isEqualTo(502);
        assertThat(withPort.body()).isEqualTo("no Service of this sandbox answers to nope.demo.svc:8080\n");
        assertThat(withoutPort.statusCode()).isEqualTo(502);
        assertThat(withoutPort.body()).isEqualTo("no Service of this sandbox answers to echo.demo.svc:80\n");
    }

    @Test
    void serviceWhoseAddressRefusesIsABadGatewayNamingTheAddress() throws Exception {
        HttpResponse<String> response = get("http://down.demo.svc:8080/healthz");

        assertThat(response.statusCode()).isEqualTo(502);
        assertThat(response.body()).contains("could not reach 127.0.0.1:" + downPort + " for down.demo.svc:8080");
    }

    @Test
    void connectGetsItsConnectionClosedWithoutAnAnswer() throws Exception {
        String answer = raw("CONNECT echo.demo.svc:443 HTTP/1.1\r\nHost: echo.demo.svc:443\r\n\r\n");

        assertThat(answer).as("the sandbox proxies plain HTTP only: HttpServer drops a CONNECT").isEmpty();
    }

    @Test
    void httpsThroughTheProxyFailsAndPlainHttpStillWorksAfterwards() throws Exception {
        assertThatThrownBy(() -> get("https://echo.demo.svc:8443/secure"))
                .as("the CONNECT's connection is closed at once, not left to time out")
                .isInstanceOf(IOException.class)
                .isNotInstanceOf(HttpTimeoutException.class);

        assertThat(get("http://echo.demo.svc:8080/after").body()).isEqualTo("GET /after\n");
    }

    @Test
    void wgetReachesAServiceThroughHttpProxy() throws Exception {
        assumeTrue(Files.isExecutable(WGET), "GNU wget is not installed");
        ProcessBuilder builder = new ProcessBuilder(WGET.toString(), "--no-config", "-q", "-O", "-", "-T", "5",
                "-t", "1", "http://echo.demo.svc:8080/x");
        Map<String, String> env = builder.environment();
        List.of("no_proxy", "NO_PROXY", "HTTP_PROXY", "https_proxy", "HTTPS_PROXY").forEach(env::remove);
        env.put("http_proxy", "http://127.0.0.1:" + proxy.port());
        Process wget = builder.redirectErrorStream(true).start();
        wget.getOutputStream().close();
        String output = new String(wget.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

        assertThat(wget.waitFor(20, TimeUnit.SECONDS)).isTrue();
        assertThat(wget.exitValue()).as("wget's exit code; it printed: %s", output).isZero();
        assertThat(output).isEqualTo("GET /x\n");
    }

    @Test
    void closedProxyTakesNoConnections() {
        int port = proxy.port();
        proxy.close();

        assertThat(connects(port)).isFalse();
    }

    private HttpResponse<String> get(String url) throws Exception {
        return client.send(HttpRequest.newBuilder(URI.create(url)).timeout(WAIT).build(), BodyHandlers.ofString());
    }

    /** Sends {@code request} as written to the proxy and reads until the proxy closes the connection. */
    private String raw(String request) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", proxy.port())) {
            socket.setSoTimeout((int) WAIT.toMillis());
            OutputStream out = socket.getOutputStream();
            out.write(request.getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            InputStream in = socket.getInputStream();
            return new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
        }
    }

    private static boolean connects(int port) {
        try (Socket ignored = new Socket("127.0.0.1", port)) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
