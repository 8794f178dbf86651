package io.asyncservice.sidecar.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.asyncservice.sidecar.config.EndpointSettings;
import io.asyncservice.sidecar.testing.TestingApp;
import io.asyncservice.sidecar.testing.TestingApp.Reply;
import io.asyncservice.testing.FreePorts;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class HttpAppClientTest {

    private final TestingApp app = TestingApp.create().start();

    @AfterEach
    void stop() {
        app.close();
    }

    private HttpAppClient client(Duration timeout) {
        return new HttpAppClient(new EndpointSettings(app.port(), TestingApp.PATH, timeout, null), Clock.systemUTC());
    }

    private static AppRequest request(String id, byte[] body, String contentType) {
        return new AppRequest(id, 2, body, contentType, Map.of("traceparent", "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01",
                "tracestate", "vendor=1"));
    }

    @Test
    void postsTheBodyByteForByteWithTheContractHeaders() throws Exception {
        byte[] body = {0, 1, 2, (byte) 0xff, 'a', '\n'};
        AppResult r = client(Duration.ofSeconds(5)).call(request("req-1", body, "application/octet-stream"));

        assertThat(r.outcome()).isEqualTo(AppOutcome.SUCCESS);
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).isEqualTo(body);
        TestingApp.Call call = app.calls().get(0);
        assertThat(call.body()).isEqualTo(body);
        assertThat(call.requestId()).isEqualTo("req-1");
        assertThat(call.attempt()).isEqualTo(2);
        assertThat(call.contentType()).isEqualTo("application/octet-stream");
        assertThat(call.headers()).containsEntry("traceparent", "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01")
                .containsEntry("tracestate", "vendor=1");
    }

    @Test
    void theContentTypeDefaultsToJson() throws Exception {
        client(Duration.ofSeconds(5)).call(request("req-1", "{}".getBytes(StandardCharsets.UTF_8), null));

        assertThat(app.calls().get(0).contentType()).isEqualTo("application/json");
    }

    @Test
    void aServerErrorIsRetryableAndCarriesRetryAfter() throws Exception {
        app.script("r", Reply.status(503).header("Retry-After", "7"));
        AppResult r = client(Duration.ofSeconds(5)).call(request("r", new byte[0], null));

        assertThat(r.outcome()).isEqualTo(AppOutcome.RETRYABLE);
        assertThat(r.statusCode()).isEqualTo(503);
        assertThat(r.retryAfter()).isEqualTo(Duration.ofSeconds(7));
        assertThat(r.error()).contains("503");
    }

    @Test
    void aClientErrorIsPermanent() throws Exception {
        app.script("r", Reply.status(404).body("nope", "text/plain"));
        AppResult r = client(Duration.ofSeconds(5)).call(request("r", new byte[0], null));

        assertThat(r.outcome()).isEqualTo(AppOutcome.PERMANENT);
        assertThat(r.contentType()).isEqualTo("text/plain");
        assertThat(new String(r.body(), StandardCharsets.UTF_8)).isEqualTo("nope");
    }

    @Test
    void aTimeoutIsRetryableWithoutAStatus() throws Exception {
        app.script("r", Reply.ok().after(Duration.ofSeconds(3)));
        AppResult r = client(Duration.ofMillis(300)).call(request("r", new byte[0], null));

        assertThat(r.outcome()).isEqualTo(AppOutcome.RETRYABLE);
        assertThat(r.statusCode()).isNull();
        assertThat(r.error()).contains("did not answer within");
    }

    @Test
    void aRefusedConnectionIsRetryable() throws Exception {
        HttpAppClient client = new HttpAppClient(new EndpointSettings(FreePorts.find(), "/", Duration.ofSeconds(5), null),
                Clock.systemUTC());
        AppResult r = client.call(request("r", new byte[0], null));

        assertThat(r.outcome()).isEqualTo(AppOutcome.RETRYABLE);
        assertThat(r.statusCode()).isNull();
        assertThat(r.error()).contains("refused");
    }

    @Test
    void aResponseDeclaredOverTheLimitIsPermanentAndNamesTheLimit() throws Exception {
        app.script("big", Reply.ok().body(new byte[5000], "application/octet-stream"));
        HttpAppClient client = new HttpAppClient(new EndpointSettings(app.port(), TestingApp.PATH, Duration.ofSeconds(5), null, 4096),
                Clock.systemUTC());

        AppResult r = client.call(request("big", new byte[0], null));

        assertThat(r.outcome()).isEqualTo(AppOutcome.PERMANENT);
        assertThat(r.body()).isEmpty();
        assertThat(r.error()).isEqualTo("the app's response is 5000 bytes, over the limit of 4096 bytes (delivery.maxResponseSize)");
        assertThat(client.call(request("next", new byte[0], null)).outcome()).as("the client is still usable")
                .isEqualTo(AppOutcome.SUCCESS);
    }

    @Test
    void aStreamedResponseIsCutOffAtTheLimitWithoutReadingTheRest() throws Exception {
        HttpServer endless = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        AtomicLong written = new AtomicLong();
        endless.createContext("/", ex -> {
            ex.getRequestBody().readAllBytes();
            ex.sendResponseHeaders(200, 0); // chunked: no Content-Length to refuse up front
            byte[] chunk = new byte[64 * 1024];
            try (var out = ex.getResponseBody()) {
                for (int i = 0; i < 16 * 1024; i++) { // up to 1 GiB, unless the client hangs up
                    out.write(chunk);
                    written.addAndGet(chunk.length);
                }
            } catch (IOException hungUp) {
                // what the client should do
            }
        });
        endless.start();
        try {
            HttpAppClient client = new HttpAppClient(new EndpointSettings(endless.getAddress().getPort(), "/", Duration.ofSeconds(30),
                    null, 1024 * 1024), Clock.systemUTC());

            AppResult r = client.call(request("endless", new byte[0], null));

            assertThat(r.outcome()).isEqualTo(AppOutcome.PERMANENT);
            assertThat(r.error()).startsWith("the app's response is more than ").endsWith("over the limit of 1048576 bytes (delivery.maxResponseSize)");
            assertThat(written.get()).as("the server was stopped well before 1 GiB").isLessThan(256L * 1024 * 1024);
        } finally {
            endless.stop(0);
        }
    }

    @Test
    void aBrokenExchangeIsNotResentBehindTheAppsBack() throws Exception {
        HttpServer rude = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        AtomicInteger received = new AtomicInteger();
        rude.createContext("/", ex -> {
            received.incrementAndGet();
            ex.getRequestBody().readAllBytes();
            ex.sendResponseHeaders(200, 100);
            ex.getResponseBody().write(new byte[10]); // then hang up, 90 bytes short
            ex.close();
        });
        rude.start();
        try {
            HttpAppClient client = new HttpAppClient(new EndpointSettings(rude.getAddress().getPort(), "/", Duration.ofSeconds(5), null),
                    Clock.systemUTC());

            AppResult r = client.call(request("once", new byte[0], null));

            assertThat(r.outcome()).isEqualTo(AppOutcome.RETRYABLE);
            assertThat(r.error()).startsWith("connection to the app failed");
            assertThat(received.get()).as("the app saw the request once").isEqualTo(1);
        } finally {
            rude.stop(0);
        }
    }

    @Test
    void aRequestIdWithALineBreakReachesTheAppPercentEncoded() throws Exception {
        AppResult r = client(Duration.ofSeconds(5)).call(request("req-2\r\nX-Injected: yes", new byte[0], null));

        assertThat(r.outcome()).isEqualTo(AppOutcome.SUCCESS);
        assertThat(app.calls()).singleElement().satisfies(call -> {
            assertThat(call.requestId()).isEqualTo("req-2%0D%0AX-Injected:%20yes");
            assertThat(call.headers()).doesNotContainKey("x-injected");
        });
    }

    @Test
    void aNonAsciiRequestIdReachesTheAppAsUtf8PercentEncoded() throws Exception {
        AppResult r = client(Duration.ofSeconds(5)).call(request("café-✓", new byte[0], null));

        assertThat(r.outcome()).isEqualTo(AppOutcome.SUCCESS);
        assertThat(app.calls()).singleElement().extracting(TestingApp.Call::requestId).isEqualTo("caf%C3%A9-%E2%9C%93");
    }

    @Test
    void aVeryLongRequestIdReachesTheAppCutWithItsHash() throws Exception {
        String id = "L".repeat(5000);

        AppResult r = client(Duration.ofSeconds(5)).call(request(id, new byte[0], null));

        assertThat(r.outcome()).isEqualTo(AppOutcome.SUCCESS);
        String header = app.calls().get(0).requestId();
        assertThat(header).hasSize(HeaderValues.MAX_LENGTH).startsWith("L".repeat(900))
                .matches("L+~sha256:[0-9A-F]{64}");
    }

    @Test
    void headersFromTheMessageThatCannotBeSentAreLeftOutInsteadOfFailingTheCall() throws Exception {
        AppRequest bad = new AppRequest("req-3", 1, new byte[0], "text/plain\r\nX-Injected: yes",
                Map.of("traceparent", "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01\n", "tracestate", "vendor=é"));

        AppResult r = client(Duration.ofSeconds(5)).call(bad);

        assertThat(r.outcome()).isEqualTo(AppOutcome.SUCCESS);
        TestingApp.Call call = app.calls().get(0);
        assertThat(call.requestId()).isEqualTo("req-3");
        assertThat(call.contentType()).isEqualTo("application/json");
        assertThat(call.headers()).doesNotContainKeys("traceparent", "tracestate", "x-injected");
    }
}
