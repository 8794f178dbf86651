package io.asyncservice.sidecar.testing;

import static org.assertj.core.api.Assertions.assertThat;

import io.asyncservice.api.sidecar.SidecarConfig;
import io.asyncservice.api.v1alpha1.BackoffSpec;
import io.asyncservice.api.v1alpha1.DeliverySpec;
import io.asyncservice.api.v1alpha1.EndpointSpec;
import io.asyncservice.sidecar.config.ConfigLoader;
import io.asyncservice.sidecar.testing.BrokerFixture.TestMessage;
import io.asyncservice.testing.FreePorts;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Measures, and prints, how many messages per second one in-process sidecar moves from a broker's input through a
 * no-op app (200, echo) to the output, at concurrency 1 and 32. It asserts only that every message succeeded; the
 * numbers depend on the machine and are never asserted.
 *
 * <p>How: N messages are published first; the rate is taken from the sidecar's own {@code asvc_messages_total
 * {outcome="success"}} counter (incremented after the output was accepted and the input acked), between the first
 * success and the N-th, so that connecting and the readiness probe are not counted.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class AbstractThroughputIT {

    private static final Pattern SUCCESS = Pattern.compile("^asvc_messages_total\\{[^}]*outcome=\"success\"[^}]*\\} ([0-9.eE+]+)$",
            Pattern.MULTILINE);
    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    private BrokerFixture fixture;

    protected abstract BrokerFixture createFixture();

    /** Messages per run at concurrency 1; the run at 32 uses three times as many. */
    protected int messagesAtConcurrencyOne() {
        return 1000;
    }

    @BeforeAll
    void startFixture() {
        fixture = createFixture();
    }

    @AfterAll
    void stopFixture() {
        if (fixture != null) {
            fixture.close();
        }
    }

    @Test
    void throughputThroughANoOpApp() {
        double one = measure(1, messagesAtConcurrencyOne());
        double many = measure(32, messagesAtConcurrencyOne() * 3);
        System.out.printf("[%s] THROUGHPUT no-op app, output on, in-process sidecar: concurrency 1: %.0f msg/s; "
                + "concurrency 32: %.0f msg/s (%d cores, load average %s)%n", fixture.name(), one, many,
                Runtime.getRuntime().availableProcessors(), loadAverage());
    }

    private double measure(int concurrency, int n) {
        try (BrokerFixture.Queues queues = fixture.createQueues(Duration.ofSeconds(30));
             TestingApp app = TestingApp.create().start()) {
            queues.publish(IntStream.range(0, n).mapToObj(i -> new TestMessage("tp-" + concurrency + "-" + i,
                    "{\"i\":" + i + "}", "application/json")).toList());
            Map<String, String> env = new HashMap<>(queues.sidecarEnv());
            env.put(ConfigLoader.RECEIVE_WAIT_ENV, "1s");
            InProcessSidecar sidecar = InProcessSidecar.start(config(queues, app, concurrency), env);
            try {
                long deadline = System.nanoTime() + TIMEOUT.toNanos();
                long firstAt = 0;
                double firstCount = 0;
                double count = 0;
                while (count < n && System.nanoTime() < deadline) {
                    count = successes(sidecar);
                    if (firstAt == 0 && count > 0) {
                        firstAt = System.nanoTime();
                        firstCount = count;
                    }
                    sleep(20);
                }
                long endAt = System.nanoTime();
                assertThat(count).as("messages that succeeded").isEqualTo(n);
                double seconds = (endAt - firstAt) / 1e9;
                double rate = (count - firstCount) / seconds;
                var registry = sidecar.sidecar().registry();
                System.out.printf("[%s] concurrency %d: %d messages, %.0f msg/s over %.2f s (max %d in flight at the app); "
                                + "mean per message: app call %.1f ms, output publish %.1f ms, receipt to ack %.1f ms%n",
                        fixture.name(), concurrency, n, rate, seconds, app.maxInFlight(),
                        registry.get("asvc.app.requests").tag("outcome", "success").timer().mean(TimeUnit.MILLISECONDS),
                        registry.get("asvc.publish").tag("queue", "output").timer().mean(TimeUnit.MILLISECONDS),
                        registry.get("asvc.processing").timer().mean(TimeUnit.MILLISECONDS));
                return rate;
            } finally {
                sidecar.stop();
            }
        }
    }

    private static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).trim();
        } catch (IOException e) {
            return "unknown";
        }
    }

    private static double successes(SidecarRunner sidecar) {
        String metrics = sidecar.admin("GET", "/metrics", Duration.ofSeconds(5)).body();
        Matcher m = SUCCESS.matcher(metrics);
        return m.find() ? Double.parseDouble(m.group(1)) : 0;
    }

    private static SidecarConfig config(BrokerFixture.Queues queues, TestingApp app, int concurrency) {
        SidecarConfig c = new SidecarConfig();
        c.setName("throughput");
        c.setNamespace("it");
        c.setPort(FreePorts.find());
        EndpointSpec e = new EndpointSpec();
        e.setPort(app.port());
        e.setPath(TestingApp.PATH);
        e.setTimeout("30s");
        e.setReadinessPath(TestingApp.READINESS_PATH);
        c.setEndpoint(e);
        c.setInput(queues.input());
        c.setOutput(queues.output());
        DeliverySpec d = new DeliverySpec();
        d.setConcurrency(concurrency);
        d.setMaxAttempts(3);
        BackoffSpec b = new BackoffSpec();
        b.setInitial("100ms");
        b.setMax("500ms");
        d.setBackoff(b);
        c.setDelivery(d);
        return c;
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
