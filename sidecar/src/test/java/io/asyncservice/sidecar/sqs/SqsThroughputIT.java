package io.asyncservice.sidecar.sqs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.asyncservice.api.sidecar.SidecarConfig;
import io.asyncservice.api.v1alpha1.DeliverySpec;
import io.asyncservice.api.v1alpha1.EndpointSpec;
import io.asyncservice.sidecar.config.ConfigLoader;
import io.asyncservice.sidecar.testing.BrokerFixture.TestMessage;
import io.asyncservice.sidecar.testing.InProcessSidecar;
import io.asyncservice.sidecar.testing.TestingApp;
import io.asyncservice.testing.FreePorts;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * Measures (prints, never asserts a rate) how many messages per second one sidecar moves from ElasticMQ through a
 * no-op app to an ElasticMQ output, at concurrency 1 and 32. Everything (broker, app, sidecar) shares this JVM and
 * this machine's cores, so the numbers are a floor, not the broker's or the sidecar's limit.
 * {@code -Dasvc.throughput.messages=N} sets the message count for both runs (default 2000 at concurrency 32 and 500
 * at concurrency 1, to keep the suite short: the rate is what is measured).
 */
class SqsThroughputIT {

    private static final int MESSAGES = Integer.getInteger("asvc.throughput.messages", 2000);
    private static final int SERIAL_MESSAGES = Integer.getInteger("asvc.throughput.messages", 500);

    @Test
    void measureMessagesPerSecondAtConcurrency1And32() {
        SqsFixture fixture = new SqsFixture();
        StringBuilder report = new StringBuilder();
        for (int concurrency : List.of(1, 32)) {
            report.append(measure(fixture, concurrency)).append('\n');
        }
        System.out.print(report);
        System.out.println("[sqs throughput] " + Runtime.getRuntime().availableProcessors() + " cores, load average "
                + loadAverage() + " at the end of the run");
    }

    private static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).trim();
        } catch (IOException e) {
            return "unknown";
        }
    }

    private String measure(SqsFixture fixture, int concurrency) {
        int messages = concurrency == 1 ? SERIAL_MESSAGES : MESSAGES;
        try (TestingApp app = TestingApp.create().defaultReply(TestingApp.Reply.status(200)).start();
             SqsFixture.SqsQueues queues = fixture.createQueues(Duration.ofSeconds(30))) {
            queues.publish(IntStream.range(0, messages)
                    .mapToObj(i -> new TestMessage("m-" + i, "{\"n\":" + i + "}", "application/json")).toList());
            awaitCount(fixture, queues.inputUrl(), messages);

            long start = System.nanoTime();
            InProcessSidecar sidecar = InProcessSidecar.start(config(queues, app, concurrency), env(queues));
            try {
                await().atMost(Duration.ofMinutes(5)).pollInterval(Duration.ofMillis(20))
                        .until(() -> count(fixture, queues.outputUrl()) >= messages);
                double seconds = (System.nanoTime() - start) / 1e9;
                assertThat(app.calls()).hasSizeGreaterThanOrEqualTo(messages);
                var registry = sidecar.sidecar().registry();
                return String.format("[sqs throughput] concurrency %2d: %d messages in %.2f s = %.0f messages/s; "
                        + "mean per message: app call %.1f ms, output publish %.1f ms, receipt to ack %.1f ms",
                        concurrency, messages, seconds, messages / seconds,
                        registry.get("asvc.app.requests").tag("outcome", "success").timer().mean(TimeUnit.MILLISECONDS),
                        registry.get("asvc.publish").tag("queue", "output").timer().mean(TimeUnit.MILLISECONDS),
                        registry.get("asvc.processing").timer().mean(TimeUnit.MILLISECONDS));
            } finally {
                sidecar.stop();
            }
        }
    }

    private static SidecarConfig config(SqsFixture.SqsQueues queues, TestingApp app, int concurrency) {
        SidecarConfig c = new SidecarConfig();
        c.setPort(FreePorts.find());
        EndpointSpec e = new EndpointSpec();
        e.setPort(app.port());
        e.setPath(TestingApp.PATH);
        e.setTimeout("30s");
        c.setEndpoint(e);
        c.setInput(queues.input());
        c.setOutput(queues.output());
        DeliverySpec d = new DeliverySpec();
        d.setConcurrency(concurrency);
        c.setDelivery(d);
        return c;
    }

    private static Map<String, String> env(SqsFixture.SqsQueues queues) {
        Map<String, String> env = new HashMap<>(queues.sidecarEnv());
        env.put(ConfigLoader.RECEIVE_WAIT_ENV, "1s");
        return env;
    }

    private static void awaitCount(SqsFixture fixture, String url, int n) {
        await().atMost(Duration.ofMinutes(1)).until(() -> count(fixture, url) >= n);
    }

    private static long count(SqsFixture fixture, String url) {
        return Long.parseLong(fixture.sqs().client().getQueueAttributes(b -> b.queueUrl(url)
                .attributeNames(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES)).attributes()
                .get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES));
    }
}
