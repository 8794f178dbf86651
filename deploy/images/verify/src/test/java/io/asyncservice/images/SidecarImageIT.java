package io.asyncservice.images;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.sun.net.httpserver.HttpServer;
import io.asyncservice.testing.EmbeddedSqs;
import io.asyncservice.testing.FreePorts;
import io.asyncservice.testing.UniqueNames;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequestEntry;

/**
 * The sidecar image tarball: its configuration and JVM flags, and its entrypoint delivering SQS messages to an app,
 * with its start time and resident memory idle and under load recorded in target/image-measurements.txt.
 */
class SidecarImageIT {

    static final String MAIN = "io.asyncservice.sidecar.SidecarMain";
    static final int MESSAGES = 2000;
    static final String MEMORY_LIMIT = "256m";
    private static ImageTarball image;

    @BeforeAll
    static void unpack() throws Exception {
        Path tar = ImageTarball.tarballOf("sidecar");
        assumeTrue(tar != null, "no sidecar image tarball: build with ./mvnw -B verify -Pimages,local-base");
        Path work = Path.of("target", "sidecar-image").toAbsolutePath();
        ImageTarball.run(List.of("rm", "-rf", work.toString()));
        image = ImageTarball.unpack(tar, work);
        ImageChecks.record("sidecar image: " + ImageChecks.mib(image.compressedBytes()) + " compressed layers, "
                + ImageChecks.mib(image.unpackedBytes()) + " unpacked (" + image.layers.size() + " layers)");
    }

    @Test
    void runsAsNonRootWithASmallFootprint() throws Exception {
        ImageChecks.assertRunsAsNonRootJava(image, MAIN);
        assertThat(image.entrypoint()).contains("-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                "-XX:+ExitOnOutOfMemoryError");
        assertThat(image.entrypoint()).anyMatch(f -> f.startsWith("-XX:MaxRAMPercentage="));
    }

    @Test
    void logsJsonByDefault() {
        assertThat(image.env()).contains("LOG_FORMAT=json");
    }

    @Test
    void entrypointDeliversMessagesWithASmallFootprint() throws Exception {
        assumeTrue(Container.available(), "needs root for unshare and chroot");
        assumeTrue(ImageChecks.hasClass(image, MAIN), MAIN + " is not in the sidecar artifact yet");

        AtomicInteger delivered = new AtomicInteger();
        HttpServer app = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        app.createContext("/work", exchange -> {
            exchange.getRequestBody().readAllBytes();
            byte[] body = "{\"ok\":true}".getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
            delivered.incrementAndGet();
        });
        app.createContext("/health", exchange -> {
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        app.setExecutor(Executors.newFixedThreadPool(8));
        app.start();
        try (EmbeddedSqs sqs = EmbeddedSqs.start()) {
            String queue = sqs.createQueue(UniqueNames.of("sidecar-image"));
            int port = FreePorts.find();
            String config = """
                    {"namespace":"test","name":"sidecar-image","port":%d,
                     "endpoint":{"port":%d,"path":"/work","timeout":"30s","readinessPath":"/health"},
                     "input":{"sqs":{"queueUrl":"%s","region":"%s","endpoint":"%s","credentialsSecret":"sqs"}},
                     "delivery":{"concurrency":8}}""".formatted(port, app.getAddress().getPort(), queue,
                    EmbeddedSqs.REGION, sqs.endpoint());
            Map<String, String> env = Map.of(
                    // Size the JVM as in a pod with the chart's default sidecar limit (256Mi): the JVM reads MaxRAM
                    // where it would read the cgroup limit, which this test cannot set.
                    "JAVA_TOOL_OPTIONS", "-XX:MaxRAM=" + MEMORY_LIMIT,
                    "ASVC_CONFIG", config,
                    "ASVC_INPUT_AWS_ACCESS_KEY_ID", EmbeddedSqs.ACCESS_KEY,
                    "ASVC_INPUT_AWS_SECRET_ACCESS_KEY", EmbeddedSqs.SECRET_KEY);
            Path log = Path.of("target", "sidecar-image.log").toAbsolutePath();
            List<String> entrypoint = entrypoint();
            try (Container c = Container.start(image, entrypoint, env, log)) {
                String admin = "http://127.0.0.1:" + port;
                Duration live = ImageChecks.awaitOk(admin + "/livez", c, Duration.ofSeconds(120));
                Duration ready = ImageChecks.awaitOk(admin + "/readyz", c, Duration.ofSeconds(60));
                Thread.sleep(10_000);
                long idle = c.rssKib();
                Duration idleCpu = c.cpu();

                long loadStart = System.nanoTime();
                send(sqs.client(), queue);
                long peak = 0;
                long deadline = System.nanoTime() + Duration.ofMinutes(5).toNanos();
                while (delivered.get() < MESSAGES && System.nanoTime() < deadline) {
                    peak = Math.max(peak, c.rssKib());
                    Thread.sleep(200);
                }
                double seconds = (System.nanoTime() - loadStart) / 1e9;
                assertThat(delivered.get()).as(c.output()).isGreaterThanOrEqualTo(MESSAGES);
                assertThat(ImageChecks.status(admin + "/metrics")).isEqualTo(200);
                long after = c.rssKib();
                assertThat(peak).as("peak RSS in KiB under the %s limit", MEMORY_LIMIT).isLessThan(256 * 1024);
                ImageChecks.record(String.format("sidecar entrypoint " + entrypoint.subList(1, entrypoint.indexOf("-cp"))
                        + " (MaxRAM=" + MEMORY_LIMIT + "): /livez after %d ms, /readyz after %d ms; RSS idle %d MiB"
                                + " (CPU %d ms to start and idle 10 s); %d SQS messages at concurrency 8 in %.1f s (%.0f/s),"
                                + " RSS peak %d MiB, after %d MiB",
                        live.toMillis(), live.plus(ready).toMillis(), idle / 1024, idleCpu.toMillis(), MESSAGES, seconds,
                        MESSAGES / seconds, peak / 1024, after / 1024));
            }
        } finally {
            app.stop(0);
        }
    }

    /**
     * The image's entrypoint; {@code -Dsidecar.jvmFlags="-XX:... -XX:..."} replaces its JVM flags, to measure
     * other settings against the same image.
     */
    private static List<String> entrypoint() {
        List<String> entrypoint = new ArrayList<>(image.entrypoint());
        String flags = System.getProperty("sidecar.jvmFlags");
        if (flags != null) {
            entrypoint.subList(1, entrypoint.indexOf("-cp")).clear();
            entrypoint.addAll(1, List.of(flags.trim().split("\\s+")));
        }
        return entrypoint;
    }

    private static void send(SqsClient client, String queue) {
        for (int i = 0; i < MESSAGES; i += 10) {
            List<SendMessageBatchRequestEntry> batch = new ArrayList<>();
            for (int j = i; j < Math.min(i + 10, MESSAGES); j++) {
                batch.add(SendMessageBatchRequestEntry.builder().id("m" + j)
                        .messageBody("{\"n\":" + j + ",\"text\":\"" + "x".repeat(512) + "\"}").build());
            }
            client.sendMessageBatch(b -> b.queueUrl(queue).entries(batch));
        }
    }
}
