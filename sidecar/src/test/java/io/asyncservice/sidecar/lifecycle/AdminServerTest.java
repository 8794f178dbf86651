package io.asyncservice.sidecar.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.asyncservice.api.sidecar.SidecarContract;
import io.asyncservice.api.sidecar.SidecarLoad;
import io.asyncservice.testing.FreePorts;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class AdminServerTest {

    private static final String TOKEN = "Zm9vYmFyLXRlc3QtZHJhaW4tdG9rZW4";

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final CompletableFuture<Void> drained = new CompletableFuture<>();
    private final AtomicInteger drainCalls = new AtomicInteger();
    private volatile String notReady = "the app is not ready: /health answered 503";
    private volatile SidecarLoad load = new SidecarLoad(2, 12.5, 1234, false);
    private final SidecarStatus status = new SidecarStatus() {
        @Override
        public boolean isLive() {
            return true;
        }

        @Override
        public String notReadyReason() {
            return notReady;
        }

        @Override
        public SidecarLoad load() {
            return load;
        }

        @Override
        public CompletableFuture<Void> drain() {
            drainCalls.incrementAndGet();
            return drained;
        }
    };
    private AdminServer server = start(TOKEN);

    private AdminServer start(String token) {
        AdminServer s = new AdminServer(FreePorts.find(), status,
                () -> "# TYPE asvc_messages_total counter\nasvc_messages_total{outcome=\"success\"} 3.0\n", token);
        s.start();
        return s;
    }

    @AfterEach
    void stop() {
        drained.complete(null);
        server.close();
    }

    private HttpResponse<String> call(String method, String path, String... headers) throws Exception {
        return callAsync(method, path, headers).get();
    }

    private CompletableFuture<HttpResponse<String>> callAsync(String method, String path, String... headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
                .method(method, HttpRequest.BodyPublishers.noBody());
        if (headers.length > 0) {
            request.headers(headers);
        }
        return http.sendAsync(request.build(), HttpResponse.BodyHandlers.ofString());
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
        CompletableFuture<HttpResponse<String>> post = drainAsync("POST");
        CompletableFuture<HttpResponse<String>> get = drainAsync("GET");
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
    void drainWithoutTheTokenOrWithAnotherIsRefusedAndDrainsNothing() throws Exception {
        HttpResponse<String> none = call("GET", "/drain");
        HttpResponse<String> wrong = call("POST", "/drain", SidecarContract.DRAIN_TOKEN_HEADER, TOKEN + "x");
        HttpResponse<String> empty = call("GET", "/drain", SidecarContract.DRAIN_TOKEN_HEADER, "");

        assertThat(List.of(none, wrong, empty)).allSatisfy(r -> {
            assertThat(r.statusCode()).isEqualTo(403);
            assertThat(r.body()).startsWith("drain refused: ").contains("preStop");
        });
        assertThat(none.body()).contains("no " + SidecarContract.DRAIN_TOKEN_HEADER);
        assertThat(wrong.body()).contains("wrong " + SidecarContract.DRAIN_TOKEN_HEADER).doesNotContain(TOKEN);
        assertThat(drainCalls).hasValue(0);
    }

    @Test
    void withoutAConfiguredTokenDrainIsOpenAsBefore() throws Exception {
        server.close();
        server = start(null);
        drained.complete(null);

        HttpResponse<String> open = call("GET", "/drain");

        assertThat(open.statusCode()).isEqualTo(200);
        assertThat(drainCalls).hasValue(1);
    }

    @Test
    void manyWaitingDrainCallersHoldNoThreadsAndTheOnesPastTheLimitAreTurnedAwayAtOnce() throws Exception {
        List<CompletableFuture<HttpResponse<String>>> waiting = IntStream.range(0, AdminServer.MAX_DRAIN_WAITERS)
                .mapToObj(i -> drainAsync("GET")).toList();
        await().atMost(Duration.ofSeconds(10)).until(() -> drainCalls.get() == AdminServer.MAX_DRAIN_WAITERS);

        HttpResponse<String> oneTooMany = drain("GET");
        assertThat(oneTooMany.statusCode()).isEqualTo(503);
        assertThat(oneTooMany.body()).contains("already wait");
        assertThat(waiting).allSatisfy(f -> assertThat(f).isNotDone());
        assertThat(AdminServer.MAX_DRAIN_WAITERS).isGreaterThan(AdminServer.THREADS);
        assertThat(call("GET", "/livez").statusCode()).as("more waiting callers than threads, and livez answers")
                .isEqualTo(200);
        assertThat(call("GET", "/metrics").statusCode()).isEqualTo(200);

        drained.complete(null);

        assertThat(waiting).allSatisfy(f -> assertThat(f.get().statusCode()).isEqualTo(200));
        assertThat(drain("GET").statusCode()).as("the limit counts only callers still waiting").isEqualTo(200);
    }

    @Test
    void loadAnswersTheDocumentedJsonWithoutAToken() throws Exception {
        HttpResponse<String> r = call("GET", SidecarContract.LOAD_PATH);

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type")).hasValue("application/json");
        assertThat(r.body()).isEqualTo("{\"inFlight\":2,\"oldestInFlightSeconds\":12.5,\"succeeded\":1234,\"draining\":false}");
        assertThat(new ObjectMapper().readValue(r.body(), SidecarLoad.class)).as("what the scaler reads back")
                .isEqualTo(load);

        load = new SidecarLoad(0, 0, 1240, true);
        assertThat(call("GET", SidecarContract.LOAD_PATH).body())
                .isEqualTo("{\"inFlight\":0,\"oldestInFlightSeconds\":0.0,\"succeeded\":1240,\"draining\":true}");
    }

    @Test
    void loadIsReadOnly() throws Exception {
        HttpResponse<String> post = call("POST", SidecarContract.LOAD_PATH);
        assertThat(post.statusCode()).isEqualTo(405);
        assertThat(post.headers().firstValue("Allow")).hasValue("GET, HEAD");
        assertThat(call("DELETE", SidecarContract.LOAD_PATH).statusCode()).isEqualTo(405);
        assertThat(drainCalls).hasValue(0);
    }

    @Test
    void drainRefusesOtherMethods() throws Exception {
        assertThat(call("PUT", "/drain", SidecarContract.DRAIN_TOKEN_HEADER, TOKEN).statusCode()).isEqualTo(405);
        assertThat(drainCalls).hasValue(0);
    }

    private CompletableFuture<HttpResponse<String>> drainAsync(String method) {
        return callAsync(method, "/drain", SidecarContract.DRAIN_TOKEN_HEADER, TOKEN);
    }

    private HttpResponse<String> drain(String method) throws Exception {
        return drainAsync(method).get();
    }
}
