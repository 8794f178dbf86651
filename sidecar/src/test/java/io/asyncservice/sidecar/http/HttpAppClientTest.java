package io.asyncservice.sidecar.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.asyncservice.sidecar.config.EndpointSettings;
import io.asyncservice.sidecar.testing.TestingApp;
import io.asyncservice.sidecar.testing.TestingApp.Reply;
import io.asyncservice.testing.FreePorts;
import java.nio.charset.StandardCharsets;
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
}
