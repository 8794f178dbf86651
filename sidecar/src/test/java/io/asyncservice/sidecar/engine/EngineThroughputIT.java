package io.asyncservice.sidecar.engine;

import static org.awaitility.Awaitility.await;

import io.asyncservice.sidecar.config.EndpointSettings;
import io.asyncservice.sidecar.format.RawMessageCodec;
import io.asyncservice.sidecar.http.HttpAppClient;
import io.asyncservice.sidecar.testing.TestingApp;
import io.asyncservice.sidecar.testing.TestingDelivery;
import io.asyncservice.sidecar.testing.TestingEventLog;
import io.asyncservice.sidecar.testing.TestingMessageSink;
import io.asyncservice.sidecar.testing.TestingMessageSource;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * Measures (prints, never asserts) the sidecar's own ceiling: the engine and the HTTP app client with an in-memory
 * queue, so no broker latency, through a no-op app over real HTTP on 127.0.0.1, at concurrency 1 and 32. The gap to
 * {@code SqsThroughputIT} is the broker's share.
 */
class EngineThroughputIT {

    private static final int MESSAGES = Integer.getInteger("asvc.throughput.messages", 2000);

    @Test
    void measureTheEngineAndHttpWithoutABroker() {
        for (int concurrency : List.of(1, 32)) {
            measure(concurrency);
        }
    }

    private void measure(int concurrency) {
        TestingEventLog log = new TestingEventLog();
        TestingMessageSource source = new TestingMessageSource(null);
        List<TestingDelivery> deliveries = IntStream.range(0, MESSAGES)
                .mapToObj(i -> TestingDelivery.of("m-" + i, "{\"n\":" + i + "}", new TestingEventLog())).toList();
        deliveries.forEach(source::add);
        try (TestingApp app = TestingApp.create().defaultReply(TestingApp.Reply.status(200)).start()) {
            EngineOptions options = new EngineOptions(concurrency, 3, new Backoff(Duration.ofMillis(10), Duration.ofMillis(50),
                    () -> 0.5), Duration.ofMillis(100), Duration.ofSeconds(5), Duration.ofSeconds(30));
            long start = System.nanoTime();
            try (DeliveryEngine engine = new DeliveryEngine(source, new TestingMessageSink("output", log), null,
                    new RawMessageCodec(1 << 20),
                    new HttpAppClient(new EndpointSettings(app.port(), TestingApp.PATH, Duration.ofSeconds(30), null), Clock.systemUTC()),
                    options, () -> true, new EngineMetrics(new SimpleMeterRegistry()), Clock.systemUTC())) {
                engine.start();
                await().atMost(Duration.ofMinutes(5)).pollInterval(Duration.ofMillis(10))
                        .until(() -> deliveries.stream().allMatch(d -> d.acks.get() == 1));
                double seconds = (System.nanoTime() - start) / 1e9;
                System.out.printf("[engine throughput] concurrency %2d: %d messages in %.2f s = %.0f messages/s "
                        + "(in-memory queue, real HTTP to a no-op app)%n", concurrency, MESSAGES, seconds, MESSAGES / seconds);
            }
        }
    }
}
