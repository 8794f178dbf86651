package io.asyncservice.sidecar.amqp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.asyncservice.api.sidecar.SidecarConfig;
import io.asyncservice.sidecar.testing.AbstractDeliveryIT;
import io.asyncservice.sidecar.testing.BrokerFixture;
import io.asyncservice.sidecar.testing.BrokerFixture.TestMessage;
import io.asyncservice.sidecar.testing.SidecarProcess;
import io.asyncservice.sidecar.testing.TestingApp.Reply;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** The delivery contract against the machine's RabbitMQ, with a quorum queue as input. */
class AmqpDeliveryIT extends AbstractDeliveryIT {

    @Override
    protected BrokerFixture createFixture() {
        return new AmqpFixture();
    }

    /**
     * The size defaults (256 KiB in, 256 KiB out) with the chart's default memory limit (the image's flags: a 128 MiB
     * heap) at concurrency 32: every message in flight at once holds a request and a response at the limit, and each
     * response is written to the output in base64 (it is not UTF-8), the largest form an output takes. RabbitMQ is the
     * broker here because it accepts outputs of any of these sizes.
     */
    @Test
    void theDefaultSizeLimitsHoldAtConcurrency32InTheDefaultMemoryLimit() throws Exception {
        SidecarProcess sidecar = runLargeMessages(256 * 1024, config(32, 3, true, false), "defaults");

        assertThat(app.maxInFlight()).as("messages in flight at once").isEqualTo(32);
        System.out.printf("[amqp] 96 messages of 256 KiB in and 256 KiB out at concurrency 32 under the image's flags: "
                + "sidecar alive, RSS %d KiB%n", rssKib(sidecar));
    }

    /**
     * Limits raised to 1 MiB each with nothing else changed: 32 such messages at once do not fit the heap (measured:
     * the sidecar ran out of memory), so the sidecar runs fewer at once (see {@code MemoryPlan}) and stays up.
     */
    @Test
    void largerLimitsLowerTheConcurrencyInsteadOfRunningOutOfMemory() throws Exception {
        SidecarConfig config = config(32, 3, true, false);
        config.getDelivery().setMaxMessageSize("1Mi");
        config.getDelivery().setMaxResponseSize("1Mi");

        SidecarProcess sidecar = runLargeMessages(1024 * 1024, config, "raised");

        assertThat(app.maxInFlight()).as("messages in flight at once").isEqualTo(10);
        System.out.printf("[amqp] 96 messages of 1 MiB in and 1 MiB out, concurrency 32 asked, 10 run, under the image's "
                + "flags: sidecar alive, RSS %d KiB%n", rssKib(sidecar));
    }

    /**
     * A job longer than RabbitMQ's consumer_timeout allows. {@code consumerTimeout: 2m4s} with an endpoint timeout of 3 s
     * leaves an attempt window of 4 s (the rule keeps 2 minutes for settling), and the app never answers in time. The
     * sidecar does not hold the delivery for a second attempt that could outlast the window: it gives the message back,
     * and the next delivery goes on counting, until maxAttempts sends it to the dead letter, once. (The broker's own
     * timeout is not lowered here: RabbitMQ checks it about once a minute, and it is a node setting shared by every test.)
     */
    @Test
    void aJobLongerThanTheConsumerTimeoutAllowsIsRetriedOnFreshDeliveriesUntilItsAttemptsAreSpent() {
        app.start().script("slow", Reply.ok().after(Duration.ofSeconds(10)), Reply.ok().after(Duration.ofSeconds(10)),
                Reply.ok().after(Duration.ofSeconds(10)));
        publish(List.of(new TestMessage("slow", "{}", "application/json")));
        SidecarConfig config = config(1, 3, true, true);
        config.getEndpoint().setTimeout("3s");
        config.getInput().getAmqp().setConsumerTimeout("2m4s");
        startInProcess(config);

        await("a dead letter for 'slow'").atMost(TIMEOUT).until(() -> {
            collect(Duration.ofMillis(200));
            return deadLetters.containsKey("slow");
        });

        assertThat(app.attemptsOf("slow")).containsExactly(1, 2, 3);
        JsonNode dead = deadLetters.get("slow").get(0);
        assertThat(dead.get("error").asText()).startsWith("gave up after attempt 3 of 3: the app did not answer within PT3S");
        assertThat(dead.get("original").get("headers").get("x-delivery-count").asText())
                .as("given back twice: the third delivery carried the last attempt").isEqualTo("2");
        assertThat(outputs).doesNotContainKey("slow");
        awaitBacklogEmpty();
    }

    /** 96 messages of {@code size} bytes (less a little), each answered with {@code size} bytes that are not UTF-8. */
    private SidecarProcess runLargeMessages(int size, SidecarConfig config, String label) {
        byte[] response = new byte[size];
        Arrays.fill(response, (byte) 0xff);
        app.start().defaultReply(Reply.ok().body(response, "application/octet-stream").after(Duration.ofMillis(500)));
        String input = "x".repeat(size - 64);
        List<String> ids = IntStream.range(0, 96).mapToObj(i -> label + "-" + i).toList();
        publish(ids.stream().map(id -> new TestMessage(id, input, "text/plain")).toList());
        SidecarProcess sidecar = startProcess(config, label);

        awaitOutputs(ids);

        assertThat(outputs.values()).allSatisfy(l -> assertThat(l.get(0).get("status").asText()).isEqualTo("SUCCESS"));
        assertThat(Base64.getDecoder().decode(outputs.get(label + "-0").get(0).get("body").asText())).isEqualTo(response);
        assertThat(sidecar.handle().isAlive()).isTrue();
        awaitBacklogEmpty();
        return sidecar;
    }

    private static long rssKib(SidecarProcess sidecar) throws Exception {
        return Files.readAllLines(Path.of("/proc", Long.toString(sidecar.handle().pid()), "status")).stream()
                .filter(l -> l.startsWith("VmRSS:")).mapToLong(l -> Long.parseLong(l.replaceAll("[^0-9]", ""))).findFirst()
                .orElse(-1);
    }
}
