package io.asyncservice.sidecar.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.asyncservice.testing.FreePorts;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class AdminServerTest {

    private final HttpClient http = HttpClient.newHttpClient();
    private final CompletableFuture<Void> drained = new CompletableFuture<>();
    private final AtomicInteger drainCalls = new AtomicInteger();
    private volatile String notReady = "the app is not ready: /health answered 503";
    private final AdminServer server = new AdminServer(FreePorts.find(), new SidecarStatus() {
        @Override
        public boolean isLive() {
            return true;
        }

        @Override
        public String notReadyReason() {
            return notReady;
        }

        @Override
        public CompletableFuture<Void> drain() {
            drainCalls.incrementAndGet();
            return drained;
        }
    }, () -> "# TYPE asvc_messages_total counter\nasvc_messages_total{outcome=\"success\"} 3.0\n");

    AdminServerTest() {
        server.start();
    }

    @AfterEach
    void stop() {
        drained.complete(null);
        server.close();
    }

    private HttpResponse<String> call(String method, String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
                .method(method, HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void livezReadyzAndMetrics() throws Exception {
        assertThat(call("GET", "/livez").statusCode()).isEqualTo(200);
        HttpResponse<String> notReadyYet = call("GET", "/readyz");
        assertThat(notReadyYet.statusCode()).isEqualTo(503);
        assertThat(notReadyYet.body()).contains("/health answered 503");
        notReady = null;
        assertThat(call("GET", "/readyz").statusCode()).isEqualTo(200);
        HttpResponse<String> metrics = call("GET", "/metrics");
        assertThat(metrics.statusCode()).isEqualTo(200);
        assertThat(metrics.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v).startsWith("text/plain"));
        assertThat(metrics.body()).contains("asvc_messages_total{outcome=\"success\"} 3.0");
    }

    @Test
    void drainAnswersOnlyWhenTheDrainIsOverAndEveryCallerWaits() throws Exception {
        CompletableFuture<HttpResponse<String>> post = CompletableFuture.supplyAsync(() -> send("POST"));
        CompletableFuture<HttpResponse<String>> get = CompletableFuture.supplyAsync(() -> send("GET"));
        await().atMost(Duration.ofSeconds(10)).until(() -> drainCalls.get() == 2);
        assertThat(post).isNotDone();
        assertThat(get).isNotDone();
        assertThat(call("GET", "/livez").statusCode()).as("livez still answers during a drain").isEqualTo(200);

        drained.complete(null);

        assertThat(post.get().statusCode()).isEqualTo(200);
        assertThat(get.get().statusCode()).isEqualTo(200);
        assertThat(post.get().body()).isEqualTo("drained\n");
    }

    @Test
    void drainRefusesOtherMethods() throws Exception {
        assertThat(call("PUT", "/drain").statusCode()).isEqualTo(405);
        assertThat(drainCalls).hasValue(0);
    }

    private HttpResponse<String> send(String method) {
        try {
            return call(method, "/drain");
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
