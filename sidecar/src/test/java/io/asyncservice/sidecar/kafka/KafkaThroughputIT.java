package io.asyncservice.sidecar.kafka;

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
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

/**
 * Measures (prints, never asserts a rate) how many messages per second one sidecar moves from a Kafka topic (3
 * partitions, {@code unordered}) through a no-op app to a Kafka output topic, at concurrency 1 and 32. Broker, app and
 * sidecar share this JVM and this machine's cores, so the numbers are a floor. Two rates are printed: from the
 * sidecar's start (which includes joining the consumer group, a one-time cost of a second or more) and from the first
 * app call. {@code -Dasvc.throughput.messages=N} sets the message count for both runs (default, as for SQS: 2000 at
 * concurrency 32 and 500 at concurrency 1).
 */
class KafkaThroughputIT {

    private static final int MESSAGES = Integer.getInteger("asvc.throughput.messages", 2000);
    private static final int SERIAL_MESSAGES = Integer.getInteger("asvc.throughput.messages", 500);

    @Test
    void measureMessagesPerSecondAtConcurrency1And32() {
        KafkaFixture fixture = new KafkaFixture();
        StringBuilder report = new StringBuilder();
        for (int concurrency : List.of(1, 32)) {
            report.append(measure(fixture, concurrency)).append('\n');
        }
        System.out.print(report);
        System.out.println("[kafka throughput] " + Runtime.getRuntime().availableProcessors() + " cores, load average "
                + loadAverage() + " at the end of the run");
    }

    private String measure(KafkaFixture fixture, int concurrency) {
        int messages = concurrency == 1 ? SERIAL_MESSAGES : MESSAGES;
        try (TestingApp app = TestingApp.create().defaultReply(TestingApp.Reply.status(200)).start();
             KafkaFixture.KafkaQueues queues = fixture.createQueues(Duration.ofSeconds(30))) {
            queues.publish(IntStream.range(0, messages)
                    .mapToObj(i -> new TestMessage("m-" + i, "{\"n\":" + i + "}", "application/json")).toList());

            long start = System.nanoTime();
            long startMillis = System.currentTimeMillis();
            InProcessSidecar sidecar = InProcessSidecar.start(config(queues, app, concurrency), env(queues));
            try {
                await().atMost(Duration.ofMinutes(5)).pollInterval(Duration.ofMillis(20))
                        .until(() -> outputCount(fixture, queues) >= messages);
                double seconds = (System.nanoTime() - start) / 1e9;
                assertThat(app.calls()).hasSizeGreaterThanOrEqualTo(messages);
                double fromFirstCall = seconds - (app.calls().get(0).atMillis() - startMillis) / 1000.0;
                var registry = sidecar.sidecar().registry();
                return String.format("[kafka throughput] concurrency %2d: %d messages in %.2f s = %.0f messages/s "
                        + "(%.0f messages/s from the first app call); mean per message: app call %.1f ms, output publish "
                        + "%.1f ms, receipt to ack %.1f ms",
                        concurrency, messages, seconds, messages / seconds, messages / fromFirstCall,
                        registry.get("asvc.app.requests").tag("outcome", "success").timer().mean(TimeUnit.MILLISECONDS),
                        registry.get("asvc.publish").tag("queue", "output").timer().mean(TimeUnit.MILLISECONDS),
                        registry.get("asvc.processing").timer().mean(TimeUnit.MILLISECONDS));
            } finally {
                sidecar.stop();
            }
        }
    }

    private static SidecarConfig config(KafkaFixture.KafkaQueues queues, TestingApp app, int concurrency) {
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

    private static Map<String, String> env(KafkaFixture.KafkaQueues queues) {
        Map<String, String> env = new HashMap<>(queues.sidecarEnv());
        env.put(ConfigLoader.RECEIVE_WAIT_ENV, "1s");
        return env;
    }

    private static long outputCount(KafkaFixture fixture, KafkaFixture.KafkaQueues queues) throws Exception {
        TopicPartition tp = new TopicPartition(queues.output, 0);
        return KafkaTestSupport.kafka().admin().listOffsets(Map.of(tp, OffsetSpec.latest())).partitionResult(tp)
                .get(10, TimeUnit.SECONDS).offset();
    }

    private static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).trim();
        } catch (IOException e) {
            return "unknown";
        }
    }
}
