package io.asyncservice.operator.scaling.scalein;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.asyncservice.api.sidecar.SidecarContract;
import io.asyncservice.api.sidecar.SidecarLoad;
import io.asyncservice.testing.FreePorts;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The reader against real HTTP servers on 127.0.0.1 that answer {@code /load} as a sidecar, or fail as one might. */
class HttpPodLoadReaderTest {

    private static final Duration TIMEOUT = Duration.ofMillis(500);

    private final List<AutoCloseable> servers = new ArrayList<>();
    private final AtomicInteger running = new AtomicInteger();
    private final AtomicInteger maxRunning = new AtomicInteger();

    @AfterEach
    void stop() throws Exception {
        for (AutoCloseable s : servers) {
            s.close();
        }
    }

    /** A server answering {@code status} with {@code body} on /load after {@code delayMillis}; its port. */
    private int sidecar(int status, String body, long delayMillis) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
        ExecutorService threads = Executors.newFixedThreadPool(8);
        server.setExecutor(threads);
        server.createContext(SidecarContract.LOAD_PATH, ex -> answer(ex, status, body, delayMillis));
        server.start();
        servers.add(() -> {
            server.stop(0);
            threads.shutdownNow();
        });
        return server.getAddress().getPort();
    }

    private void answer(HttpExchange ex, int status, String body, long delayMillis) throws IOException {
        int now = running.incrementAndGet();
        maxRunning.accumulateAndGet(now, Math::max);
        try {
            Thread.sleep(delayMillis);
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            ex.getResponseHeaders().set("Content-Type", "application/json");
            ex.sendResponseHeaders(status, bytes.length);
            try (OutputStream out = ex.getResponseBody()) {
                out.write(bytes);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            running.decrementAndGet();
            ex.close();
        }
    }

    private static String json(SidecarLoad load) {
        return "{\"inFlight\":" + load.inFlight() + ",\"oldestInFlightSeconds\":" + load.oldestInFlightSeconds()
                + ",\"succeeded\":" + load.succeeded() + ",\"draining\":" + load.draining() + "}";
    }

    private static ServicePod pod(String name, int port) {
        return new ServicePod(name, "127.0.0.1", port, null);
    }

    @Test
    void eachPodIsReadableWithItsLoadOrUnreadableWithTheReason() throws Exception {
        SidecarLoad busy = new SidecarLoad(2, 12.5, 1234, false);
        int healthy = sidecar(200, json(busy), 0);
        int old = sidecar(404, "not found", 0);
        int garbled = sidecar(200, "<html>hello</html>", 0);
        int huge = sidecar(200, "[" + "0,".repeat(5000) + "0]", 0);
        int refused = FreePorts.find();
        try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            // Accepted by the kernel, never answered.
            List<ServicePod> pods = List.of(pod("healthy", healthy), pod("old-sidecar", old), pod("garbled", garbled),
                    pod("huge", huge), pod("refused", refused), pod("silent", silent.getLocalPort()),
                    new ServicePod("pending", null, 7979, null));

            PodLoads loads = new HttpPodLoadReader(HttpPodLoadReader.client(TIMEOUT), TIMEOUT, 16).read(pods);

            assertThat(loads.pods()).extracting(PodLoad::name)
                    .containsExactly("healthy", "old-sidecar", "garbled", "huge", "refused", "silent", "pending");
            assertThat(loads.readable()).containsExactly(Map.entry("healthy", busy));
            Map<String, String> reasons = loads.unreadable();
            assertThat(reasons.get("old-sidecar")).isEqualTo("the sidecar answered HTTP 404");
            assertThat(reasons.get("garbled")).startsWith("the answer is not the sidecar's load");
            assertThat(reasons.get("huge")).contains("longer than 4096 bytes");
            assertThat(reasons.get("refused")).startsWith("connection refused (http://127.0.0.1:" + refused + "/load)");
            assertThat(reasons.get("silent")).startsWith("no answer within 500 ms");
            assertThat(reasons.get("pending")).isEqualTo("the pod has no IP yet");
        }
    }

    @Test
    void readsThePodsInParallelButNeverMoreThanTheLimitAtOnce() throws Exception {
        String idle = json(new SidecarLoad(0, 0, 1, false));
        List<ServicePod> pods = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            pods.add(pod("pod-" + i, sidecar(200, idle, 200)));
        }

        long start = System.nanoTime();
        PodLoads limited = new HttpPodLoadReader(HttpPodLoadReader.client(Duration.ofSeconds(2)), Duration.ofSeconds(2), 2)
                .read(pods);
        long limitedMillis = (System.nanoTime() - start) / 1_000_000;

        assertThat(limited.readable()).hasSize(6);
        assertThat(maxRunning).as("calls in flight at once").hasValueLessThanOrEqualTo(2);
        assertThat(limitedMillis).as("three rounds of two").isGreaterThanOrEqualTo(3 * 200);

        maxRunning.set(0);
        start = System.nanoTime();
        PodLoads parallel = new HttpPodLoadReader(HttpPodLoadReader.client(Duration.ofSeconds(2)), Duration.ofSeconds(2), 16)
                .read(pods);
        long parallelMillis = (System.nanoTime() - start) / 1_000_000;

        assertThat(parallel.readable()).hasSize(6);
        assertThat(maxRunning.get()).as("all six at once").isGreaterThan(2);
        assertThat(parallelMillis).as("not one after the other").isLessThan(6 * 200);
    }

    @Test
    void noPodsNoCalls() {
        assertThat(HttpPodLoadReader.create().read(List.of()).pods()).isEmpty();
    }
}
