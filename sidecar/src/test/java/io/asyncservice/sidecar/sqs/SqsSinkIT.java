package io.asyncservice.sidecar.sqs;

import static org.assertj.core.api.Assertions.assertThat;

import io.asyncservice.api.sidecar.QueueRole;
import io.asyncservice.api.v1alpha1.BrokerSpec;
import io.asyncservice.api.v1alpha1.DeliverySpec;
import io.asyncservice.api.v1alpha1.SqsSpec;
import io.asyncservice.clients.sqs.SqsCredentials;
import io.asyncservice.sidecar.broker.Delivery;
import io.asyncservice.sidecar.broker.MessageSink;
import io.asyncservice.sidecar.broker.MessageSource;
import io.asyncservice.sidecar.broker.OutboundMessage;
import io.asyncservice.sidecar.broker.PublishRefusedException;
import io.asyncservice.sidecar.broker.PublishRefusedException.Reason;
import io.asyncservice.sidecar.config.EnvSecretSource;
import io.asyncservice.sidecar.testing.BrokerFixture;
import io.asyncservice.sidecar.testing.BrokerFixture.TestMessage;
import io.asyncservice.sidecar.testing.TestingSecrets;
import io.asyncservice.testing.EmbeddedSqs;
import io.asyncservice.testing.UniqueNames;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/** The SQS output against ElasticMQ: what the server stores and what it refuses. */
class SqsSinkIT {

    private final EmbeddedSqs sqs = EmbeddedSqs.shared();
    private final List<String> queues = new ArrayList<>();
    private final List<AutoCloseable> opened = new ArrayList<>();

    @AfterEach
    void cleanUp() throws Exception {
        for (AutoCloseable c : opened) {
            c.close();
        }
        for (String url : queues) {
            try {
                sqs.deleteQueue(url);
            } catch (RuntimeException ignored) {
                // a test deleted it already
            }
        }
    }

    private String queue(String name, Map<QueueAttributeName, String> attributes) {
        String url = sqs.createQueue(name, attributes);
        queues.add(url);
        return url;
    }

    private SqsMessageSink open(String url) {
        SqsSpec spec = new SqsSpec();
        spec.setQueueUrl(url);
        spec.setEndpoint(sqs.endpoint());
        spec.setRegion(EmbeddedSqs.REGION);
        BrokerSpec broker = new BrokerSpec();
        broker.setSqs(spec);
        SqsMessageSink sink = (SqsMessageSink) new SqsConnector().openSink(broker, QueueRole.OUTPUT, TestingSecrets.none()
                .with(QueueRole.OUTPUT, SqsCredentials.ACCESS_KEY_ID, EmbeddedSqs.ACCESS_KEY)
                .with(QueueRole.OUTPUT, SqsCredentials.SECRET_ACCESS_KEY, EmbeddedSqs.SECRET_KEY));
        opened.add(sink);
        return sink;
    }

    private static OutboundMessage message(String requestId, String body) {
        return new OutboundMessage(requestId, body.getBytes(StandardCharsets.UTF_8), "application/json", Map.of());
    }

    private static PublishRefusedException refusalOf(CompletableFuture<Void> publish) {
        assertThat(publish).failsWithin(Duration.ofSeconds(20)).withThrowableOfType(ExecutionException.class);
        PublishRefusedException refused = PublishRefusedException.in(publish.handle((ok, e) -> e).join());
        assertThat(refused).as("a PublishRefusedException").isNotNull();
        return refused;
    }

    /** Reads (and deletes) everything in the queue; the bodies. */
    private List<String> drain(String url) {
        List<String> bodies = new ArrayList<>();
        List<Message> batch;
        do {
            batch = sqs.client().receiveMessage(b -> b.queueUrl(url).maxNumberOfMessages(10).waitTimeSeconds(1)).messages();
            for (Message m : batch) {
                bodies.add(m.body());
                sqs.client().deleteMessage(b -> b.queueUrl(url).receiptHandle(m.receiptHandle()));
            }
        } while (!batch.isEmpty());
        return bodies;
    }

    @Test
    void aMessageOverTheServersLimitIsRefusedAsTooLargeAndTheOthersAreStored() {
        String url = queue(UniqueNames.of("it-sink"), Map.of());
        MessageSink sink = open(url);
        String big = "x".repeat(SqsFixture.ELASTICMQ_MAX_MESSAGE + 1);

        CompletableFuture<Void> before = sink.publish(message("before", "{\"n\":1}")).toCompletableFuture();
        CompletableFuture<Void> tooLarge = sink.publish(message("big", big)).toCompletableFuture();
        CompletableFuture<Void> after = sink.publish(message("after", "{\"n\":2}")).toCompletableFuture();

        PublishRefusedException refused = refusalOf(tooLarge);
        int attributes = "x-request-id".length() + "String".length() + "big".length()
                + "content-type".length() + "String".length() + "application/json".length();
        assertThat(refused.reason()).isEqualTo(Reason.TOO_LARGE);
        assertThat(refused.getMessage()).contains("big").contains(url).contains("MessageTooLong")
                .contains("it is " + (big.length() + attributes) + " bytes");
        assertThat(before).succeedsWithin(Duration.ofSeconds(20));
        assertThat(after).succeedsWithin(Duration.ofSeconds(20));
        assertThat(drain(url)).containsExactlyInAnyOrder("{\"n\":1}", "{\"n\":2}");
        assertThat(sink.isConnected()).isTrue();
    }

    @Test
    void aBatchTheServerRefusesAsAWholeIsSentAgainOneMessageAtATime() {
        String url = queue(UniqueNames.of("it-sink"), Map.of());
        SqsMessageSink sink = open(url);
        // ElasticMQ refuses a batch whose bodies add up to over 256 KiB as a whole, naming no entry.
        List<SqsMessageSink.Outgoing> batch = List.of(
                sink.outgoing(message("half", "h".repeat(150_000))),
                sink.outgoing(message("big", "x".repeat(SqsFixture.ELASTICMQ_MAX_MESSAGE + 1))),
                sink.outgoing(message("other-half", "o".repeat(150_000))),
                sink.outgoing(message("small", "{}")));

        Map<Integer, String> failures = sink.send(batch);

        assertThat(failures).containsOnlyKeys(1);
        assertThat(failures.get(1)).contains("MessageTooLong");
        assertThat(drain(url)).containsExactlyInAnyOrder("h".repeat(150_000), "o".repeat(150_000), "{}");
    }

    @Test
    void aMessageOverOneMebibyteIsRefusedWithoutBeingSent() {
        String url = queue(UniqueNames.of("it-sink"), Map.of());
        MessageSink sink = open(url);

        PublishRefusedException refused = refusalOf(sink.publish(message("huge", "x".repeat(1024 * 1024)))
                .toCompletableFuture());

        assertThat(refused.reason()).isEqualTo(Reason.TOO_LARGE);
        assertThat(refused.getMessage()).contains("over SQS's limit of 1048576 bytes");
        assertThat(drain(url)).isEmpty();
    }

    @Test
    void aBodySqsCannotCarryIsRefusedAndTheOthersAreStored() {
        String url = queue(UniqueNames.of("it-sink"), Map.of());
        MessageSink sink = open(url);

        CompletableFuture<Void> control = sink.publish(message("control", "a\u0001b")).toCompletableFuture();
        CompletableFuture<Void> empty = sink.publish(message("empty", "")).toCompletableFuture();
        CompletableFuture<Void> fine = sink.publish(message("fine", "{}")).toCompletableFuture();

        assertThat(refusalOf(control)).satisfies(r -> {
            assertThat(r.reason()).isEqualTo(Reason.REFUSED);
            assertThat(r.getMessage()).contains("control").contains("InvalidMessageContents");
        });
        assertThat(refusalOf(empty)).satisfies(r -> {
            assertThat(r.reason()).isEqualTo(Reason.REFUSED);
            assertThat(r.getMessage()).contains("MessageBody");
        });
        assertThat(fine).succeedsWithin(Duration.ofSeconds(20));
        assertThat(drain(url)).containsExactly("{}");
    }

    @Test
    void aQueueThatIsGoneIsNoRefusalAndOnceRecreatedTakesMessagesAgain() {
        String name = UniqueNames.of("it-sink");
        String url = queue(name, Map.of());
        MessageSink sink = open(url);
        sqs.deleteQueue(url);

        CompletableFuture<Void> whileGone = sink.publish(message("r", "{}")).toCompletableFuture();

        assertThat(whileGone).failsWithin(Duration.ofSeconds(20)).withThrowableOfType(ExecutionException.class)
                .withMessageContaining("does not exist")
                .satisfies(e -> assertThat(PublishRefusedException.in(e)).isNull());
        assertThat(sqs.createQueue(name)).isEqualTo(url);
        assertThat(sink.publish(message("r", "{}")).toCompletableFuture()).succeedsWithin(Duration.ofSeconds(20));
        assertThat(drain(url)).containsExactly("{}");
    }

    @Test
    void aFifoQueueStoresTwoInputsUnderOneRequestIdButARedeliveredInputOnce() {
        String url = queue(UniqueNames.of("it-sink") + ".fifo", Map.of(QueueAttributeName.FIFO_QUEUE, "true"));
        MessageSink sink = open(url);
        String input1 = "1".repeat(64);
        String input2 = "2".repeat(64);
        byte[] body = "{\"status\":\"SUCCESS\"}".getBytes(StandardCharsets.UTF_8);

        for (OutboundMessage m : List.of(new OutboundMessage("req", body, "application/json", Map.of(), input1),
                new OutboundMessage("req", body, "application/json", Map.of(), input2),
                new OutboundMessage("req", "{\"retried\":true}".getBytes(StandardCharsets.UTF_8), "application/json", Map.of(),
                        input1))) {
            sink.publish(m).toCompletableFuture().join();
        }

        assertThat(drain(url)).as("one output per input").hasSize(2);
    }

    @Test
    void theFixturesOutputLimitIsWhatTheServerRefusesAbove() throws Exception {
        BrokerFixture.LimitedQueues limited = new SqsFixture().createQueuesWithOutputLimit(Duration.ofSeconds(5), 4096)
                .orElseThrow();
        try (BrokerFixture.Queues queues = limited.queues()) {
            MessageSink output = new SqsConnector().openSink(queues.output(), QueueRole.OUTPUT,
                    new EnvSecretSource(queues.sidecarEnv()));
            opened.add(output);

            assertThat(refusalOf(output.publish(message("over", "x".repeat(limited.outputLimitBytes() + 1)))
                    .toCompletableFuture()).reason()).isEqualTo(Reason.TOO_LARGE);
            assertThat(output.publish(message("at", "x".repeat(limited.outputLimitBytes()))).toCompletableFuture())
                    .succeedsWithin(Duration.ofSeconds(20));
            assertThat(queues.takeOutputs(Duration.ofSeconds(5))).extracting(BrokerFixture.ReceivedMessage::requestId)
                    .containsExactly("at");
        }
    }

    @Test
    void onAFifoQueueWhatReplacesARefusedOutputIsStored() {
        String url = queue(UniqueNames.of("it-sink") + ".fifo", Map.of(QueueAttributeName.FIFO_QUEUE, "true"));
        MessageSink sink = open(url);
        String input = "1".repeat(64);
        byte[] big = "x".repeat(SqsFixture.ELASTICMQ_MAX_MESSAGE + 1).getBytes(StandardCharsets.UTF_8);

        assertThat(refusalOf(sink.publish(new OutboundMessage("req", big, "application/json", Map.of(), input))
                .toCompletableFuture()).reason()).isEqualTo(Reason.TOO_LARGE);
        sink.publish(new OutboundMessage("req", "{\"status\":\"FAILED\"}".getBytes(StandardCharsets.UTF_8),
                "application/json", Map.of(), input)).toCompletableFuture().join();

        assertThat(drain(url)).containsExactly("{\"status\":\"FAILED\"}");
    }

    @Test
    void bouncingTheInputRaisesTheReceiveCountTheSidecarSees() throws Exception {
        SqsFixture fixture = new SqsFixture();
        try (SqsFixture.SqsQueues queues = fixture.createQueues(Duration.ofSeconds(5))) {
            queues.publish(List.of(new TestMessage("a", "{}", null), new TestMessage("b", "{}", null)));

            queues.bounceInputs(2);

            try (MessageSource source = new SqsConnector().openSource(queues.input(), new DeliverySpec(),
                    new EnvSecretSource(queues.sidecarEnv()))) {
                List<Delivery> got = new ArrayList<>();
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
                while (got.size() < 2 && System.nanoTime() < deadline) {
                    got.addAll(source.receive(2 - got.size(), Duration.ofSeconds(1)));
                }
                assertThat(got).extracting(Delivery::requestId).containsExactlyInAnyOrder("a", "b");
                assertThat(got).extracting(Delivery::deliveryCount).containsOnly(3);
            }
        }
    }
}
