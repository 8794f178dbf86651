package io.asyncservice.sandbox.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EchoAppTest {

    private final HttpClient http = HttpClient.newHttpClient();

    private HttpResponse<String> post(EchoApp app, String path, String body) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + app.port() + path))
                .header("X-Request-Id", "req-7").header("X-Async-Attempt", "2").header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static EchoSettings settings(double failureRate, Integer status, Path record) {
        return new EchoSettings(0, Duration.ZERO, failureRate, status, record, Duration.ofSeconds(5));
    }

    @Test
    void echoesTheBodyWithTheRequestIdAndRecordsIt(@TempDir Path dir) throws Exception {
        Path record = dir.resolve("processed.txt");
        try (EchoApp app = EchoApp.start(settings(0, null, record))) {
            HttpResponse<String> response = post(app, "/summarize?delay_ms=10", "{\"text\":\"hi\"}");

            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.body()).contains("\"request_id\":\"req-7\"", "\"attempt\":\"2\"", "\"path\":\"/summarize\"",
                    "\"body\":{\"text\":\"hi\"}");
            assertThat(Files.readAllLines(record)).containsExactly("req-7");
            assertThat(http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + app.port() + "/health")).build(),
                    HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(200);
        }
    }

    @Test
    void failsEveryRequestWithFailureRateOneAndNoneWithZero() throws Exception {
        try (EchoApp failing = EchoApp.start(settings(1.0, null, null))) {
            assertThat(post(failing, "/", "{}").statusCode()).isEqualTo(503);
        }
        try (EchoApp healthy = EchoApp.start(settings(0.0, null, null))) {
            assertThat(post(healthy, "/", "{}").statusCode()).isEqualTo(200);
        }
    }

    @Test
    void answersTheFixedStatus() throws Exception {
        try (EchoApp app = EchoApp.start(settings(0, 400, null))) {
            HttpResponse<String> response = post(app, "/", "{}");

            assertThat(response.statusCode()).isEqualTo(400);
            assertThat(response.body()).contains("ECHO_STATUS=400");
        }
    }

    @Test
    void readsItsSettingsFromTheEnvironment() {
        EchoSettings s = EchoSettings.fromEnv(Map.of("PORT", "8123", "ECHO_DELAY_MS", "250", "ECHO_FAILURE_RATE", "0.3",
                "ECHO_STATUS", "400"));

        assertThat(s.port()).isEqualTo(8123);
        assertThat(s.delay()).isEqualTo(Duration.ofMillis(250));
        assertThat(s.failureRate()).isEqualTo(0.3);
        assertThat(s.fixedStatus()).isEqualTo(400);
        assertThat(s.recordFile()).isNull();
    }
}
