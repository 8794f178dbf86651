package io.asyncservice.sidecar.nats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.asyncservice.api.sidecar.QueueRole;
import io.asyncservice.api.v1alpha1.BrokerSpec;
import io.asyncservice.api.v1alpha1.DeliverySpec;
import io.asyncservice.api.v1alpha1.NatsSpec;
import io.asyncservice.sidecar.broker.Delivery;
import io.asyncservice.sidecar.broker.MessageSink;
import io.asyncservice.sidecar.broker.MessageSource;
import io.asyncservice.sidecar.broker.OutboundMessage;
import io.asyncservice.sidecar.broker.PublishRefusedException;
import io.asyncservice.sidecar.broker.PublishRefusedException.Reason;
import io.asyncservice.sidecar.testing.BrokerFixture;
import io.asyncservice.sidecar.testing.BrokerFixture.TestMessage;
import io.asyncservice.sidecar.testing.TestingSecrets;
import io.asyncservice.testing.LocalNats;
import io.asyncservice.testing.PrivateNatsServer;
import io.asyncservice.testing.UniqueNames;
import io.nats.client.Connection;
import io.nats.client.JetStreamManagement;
import io.nats.client.Nats;
import io.nats.client.Options;
import io.nats.client.api.MessageInfo;
import io.nats.client.api.StreamConfiguration;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The JetStream output against the machine's NATS server: what lands in the stream. */
class NatsSinkIT {

    private static final String TRACEPARENT = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";

    private Connection admin;
    private JetStreamManagement jsm;
    private String stream;
    private MessageSink sink;

    @BeforeEach
    void createStream() throws Exception {
        admin = LocalNats.connect();
        jsm = admin.jetStreamManagement();
        stream = UniqueNames.of("it-nats-sink");
        LocalNats.createStream(admin, stream, stream + ".>");
    }

    @AfterEach
    void deleteStream() throws Exception {
        if (sink != null) {
            sink.close();
        }
        LocalNats.deleteStream(admin, stream);
        admin.close();
    }

    @Test
    void aPublishCompletesOnceTheStreamHoldsTheMessageWithItsHeaders() throws Exception {
        sink = open(stream + ".out", QueueRole.OUTPUT);

        sink.publish(new OutboundMessage("req-1", bytes("{\"status\":\"SUCCESS\"}"), "application/json",
                Map.of("traceparent", TRACEPARENT))).toCompletableFuture().get(5, TimeUnit.SECONDS);

        assertThat(jsm.getStreamInfo(stream).getStreamState().getMsgCount()).isEqualTo(1);
        MessageInfo stored = jsm.getMessage(stream, 1);
        assertThat(stored.getSubject()).isEqualTo(stream + ".out");
        assertThat(new String(stored.getData(), StandardCharsets.UTF_8)).isEqualTo("{\"status\":\"SUCCESS\"}");
        assertThat(stored.getHeaders().getFirst("X-Request-Id")).isEqualTo("req-1");
        assertThat(stored.getHeaders().getFirst("Content-Type")).isEqualTo("application/json");
        assertThat(stored.getHeaders().getFirst("traceparent")).isEqualTo(TRACEPARENT);
        assertThat(stored.getHeaders().getFirst("Nats-Msg-Id")).startsWith("req-1:output:");
        assertThat(sink.isConnected()).isTrue();
    }

    @Test
    void aRedeliveredInputsOutputIsStoredOnceEvenWhenTheAppAnswersDifferently() throws Exception {
        sink = open(stream + ".out", QueueRole.OUTPUT);
        String input = "1".repeat(64);

        sink.publish(new OutboundMessage("req-2", bytes("{\"n\":2}"), "application/json", Map.of(), input))
                .toCompletableFuture().get(5, TimeUnit.SECONDS);
        sink.publish(new OutboundMessage("req-2", bytes("{\"n\":3}"), "application/json", Map.of(), input))
                .toCompletableFuture().get(5, TimeUnit.SECONDS);

        assertThat(jsm.getStreamInfo(stream).getStreamState().getMsgCount()).isEqualTo(1);
        assertThat(new String(jsm.getMessage(stream, 1).getData(), StandardCharsets.UTF_8)).isEqualTo("{\"n\":2}");
    }

    @Test
    void twoInputsUnderOneRequestIdAreBothStoredEvenWhenTheirOutputsAreEqual() throws Exception {
        sink = open(stream + ".out", QueueRole.OUTPUT);

        for (String input : List.of("1".repeat(64), "2".repeat(64))) {
            sink.publish(new OutboundMessage("req-2", bytes("{\"ok\":true}"), "application/json", Map.of(), input))
                    .toCompletableFuture().get(5, TimeUnit.SECONDS);
        }

        assertThat(jsm.getStreamInfo(stream).getStreamState().getMsgCount()).isEqualTo(2);
    }

    @Test
    void withoutAnInputIdentityTheSameBodyForTheSameRequestIsStoredOnce() throws Exception {
        sink = open(stream + ".out", QueueRole.OUTPUT);
        OutboundMessage output = new OutboundMessage("req-2", bytes("{\"n\":2}"), "application/json", Map.of());

        sink.publish(output).toCompletableFuture().get(5, TimeUnit.SECONDS);
        sink.publish(output).toCompletableFuture().get(5, TimeUnit.SECONDS);
        sink.publish(new OutboundMessage("req-2", bytes("{\"n\":3}"), "application/json", Map.of()))
                .toCompletableFuture().get(5, TimeUnit.SECONDS);

        assertThat(jsm.getStreamInfo(stream).getStreamState().getMsgCount())
                .as("the repeat is deduplicated, a different body for the same request is kept").isEqualTo(2);
    }

    @Test
    void aMessageOverTheStreamsMaxMsgSizeIsRefusedAsTooLargeAndTheOthersAreStored() throws Exception {
        StreamConfiguration config = jsm.getStreamInfo(stream).getConfiguration();
        jsm.updateStream(StreamConfiguration.builder(config).maximumMessageSize(1024).build());
        sink = open(stream + ".out", QueueRole.OUTPUT);

        String input = "1".repeat(64);

        CompletableFuture<Void> small = sink.publish(new OutboundMessage("small", bytes("{}"), null, Map.of())).toCompletableFuture();
        CompletableFuture<Void> big = sink.publish(new OutboundMessage("big", new byte[4096], null, Map.of(), input))
                .toCompletableFuture();

        PublishRefusedException refused = refusalOf(big, Duration.ofSeconds(10));
        assertThat(refused.reason()).isEqualTo(Reason.TOO_LARGE);
        assertThat(refused.getMessage()).contains("big").contains(stream).contains("4096 bytes").contains("max_msg_size");
        small.get(5, TimeUnit.SECONDS);
        // What replaces the refused output answers the same input: the refused one left no trace in the duplicate window.
        sink.publish(new OutboundMessage("big", bytes("{\"status\":\"FAILED\"}"), null, Map.of(), input))
                .toCompletableFuture().get(5, TimeUnit.SECONDS);
        assertThat(jsm.getStreamInfo(stream).getStreamState().getMsgCount()).isEqualTo(2);
        assertThat(new String(jsm.getMessage(stream, 2).getData(), StandardCharsets.UTF_8)).contains("FAILED");
    }

    @Test
    void aPayloadOverTheServersMaxPayloadIsRefusedAsTooLargeBeforeItIsSent() throws Exception {
        sink = open(stream + ".out", QueueRole.OUTPUT);
        long maxPayload = admin.getMaxPayload();

        PublishRefusedException refused = refusalOf(sink.publish(new OutboundMessage("huge", new byte[(int) maxPayload + 1],
                null, Map.of())).toCompletableFuture(), Duration.ofSeconds(10));

        assertThat(refused.reason()).isEqualTo(Reason.TOO_LARGE);
        assertThat(refused.getMessage()).contains("huge").contains("max_payload of " + maxPayload + " bytes");
        sink.publish(new OutboundMessage("after", bytes("{}"), null, Map.of())).toCompletableFuture().get(5, TimeUnit.SECONDS);
        assertThat(jsm.getStreamInfo(stream).getStreamState().getMsgCount()).isEqualTo(1);
    }

    @Test
    void aPublishTheServersPermissionsForbidIsRefusedOnceItTimesOut() throws Exception {
        Path config = Files.createTempFile("nats-permissions", ".conf");
        Files.writeString(config, "authorization { users = [\n"
                + "  { user: admin, password: admin-pw },\n"
                + "  { user: reader, password: reader-pw, permissions: { publish: { deny: [\"limited.out\"] } } }\n"
                + "] }\n");
        try (PrivateNatsServer server = PrivateNatsServer.start("-c", config.toString());
             Connection owner = Nats.connect(Options.builder().server(server.url()).userInfo("admin", "admin-pw").build());
             Connection reader = Nats.connect(Options.builder().server(server.url()).userInfo("reader", "reader-pw").build())) {
            owner.jetStreamManagement().addStream(StreamConfiguration.builder().name("LIMITED").subjects("limited.>").build());
            NatsMessageSink denied = new NatsMessageSink(reader, reader.jetStream(), "LIMITED", "limited.out", QueueRole.OUTPUT,
                    Duration.ofSeconds(2));

            PublishRefusedException refused = refusalOf(denied.publish(new OutboundMessage("r", bytes("{}"), null, Map.of()))
                    .toCompletableFuture(), Duration.ofSeconds(10));

            assertThat(refused.reason()).isEqualTo(Reason.REFUSED);
            assertThat(refused.getMessage()).contains("Permissions Violation for Publish to \"limited.out\"");
            NatsMessageSink allowed = new NatsMessageSink(owner, owner.jetStream(), "LIMITED", "limited.out", QueueRole.OUTPUT,
                    Duration.ofSeconds(2));
            CompletableFuture<Void> stored = allowed.publish(new OutboundMessage("r", bytes("{}"), null, Map.of()))
                    .toCompletableFuture();
            assertThat(stored).succeedsWithin(Duration.ofSeconds(5));
        } finally {
            Files.deleteIfExists(config);
        }
    }

    @Test
    void theFixturesOutputLimitRefusesLargerMessagesOnTheOutputOnly() throws Exception {
        NatsFixture fixture = new NatsFixture();
        BrokerFixture.LimitedQueues limited = fixture.createQueuesWithOutputLimit(Duration.ofSeconds(5), 4096).orElseThrow();
        try (BrokerFixture.Queues queues = limited.queues()) {
            NatsConnector connector = new NatsConnector();
            byte[] big = new byte[2 * limited.outputLimitBytes()];
            try (MessageSink output = connector.openSink(queues.output(), QueueRole.OUTPUT, TestingSecrets.none());
                 MessageSink deadLetter = connector.openSink(queues.deadLetter(), QueueRole.DEAD_LETTER, TestingSecrets.none())) {
                assertThat(refusalOf(output.publish(new OutboundMessage("big", big, null, Map.of())).toCompletableFuture(),
                        Duration.ofSeconds(10)).reason()).isEqualTo(Reason.TOO_LARGE);
                output.publish(new OutboundMessage("small", bytes("{}"), null, Map.of())).toCompletableFuture()
                        .get(5, TimeUnit.SECONDS);
                deadLetter.publish(new OutboundMessage("big", big, null, Map.of())).toCompletableFuture().get(5, TimeUnit.SECONDS);
            }
            assertThat(queues.takeOutputs(Duration.ofSeconds(5))).extracting(BrokerFixture.ReceivedMessage::requestId)
                    .containsExactly("small");
            assertThat(queues.takeDeadLetters(Duration.ofSeconds(5))).extracting(BrokerFixture.ReceivedMessage::requestId)
                    .containsExactly("big");
        } finally {
            fixture.close();
        }
    }

    @Test
    void bouncingTheInputRaisesNumDeliveredAsTheSidecarSeesIt() throws Exception {
        NatsFixture fixture = new NatsFixture();
        try (NatsFixture.NatsQueues queues = fixture.createQueues(Duration.ofSeconds(5))) {
            queues.publish(List.of(new TestMessage("a", "{}", null), new TestMessage("b", "{}", null)));

            queues.bounceInputs(2);

            try (MessageSource source = new NatsConnector().openSource(queues.input(), new DeliverySpec(),
                    TestingSecrets.none())) {
                List<Delivery> got = NatsSourceIT.receiveExactly(source, 2);
                assertThat(got).extracting(Delivery::requestId).containsExactlyInAnyOrder("a", "b");
                assertThat(got).extracting(Delivery::deliveryCount).containsOnly(3);
            }
        } finally {
            fixture.close();
        }
    }

    @Test
    void manyOutstandingPublishesAllLand() throws Exception {
        sink = open(stream + ".out", QueueRole.DEAD_LETTER);
        List<CompletableFuture<Void>> futures = new ArrayList<>();
        for (int i = 0; i < 500; i++) {
            futures.add(sink.publish(new OutboundMessage("bulk-" + i, bytes("m" + i), null, Map.of())).toCompletableFuture());
        }

        CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new)).get(20, TimeUnit.SECONDS);

        assertThat(jsm.getStreamInfo(stream).getStreamState().getMsgCount()).isEqualTo(500);
    }

    @Test
    void aSubjectOutsideTheStreamFailsThePublish() {
        sink = open(UniqueNames.of("nowhere") + ".out", QueueRole.OUTPUT);

        CompletableFuture<Void> result = sink.publish(new OutboundMessage("req-3", bytes("x"), null, Map.of()))
                .toCompletableFuture();

        assertThatThrownBy(() -> result.get(20, TimeUnit.SECONDS))
                .isInstanceOf(ExecutionException.class)
                .hasMessageContaining("req-3")
                .hasMessageContaining(stream)
                .satisfies(e -> assertThat(PublishRefusedException.in(e)).as("a stream may yet take the subject").isNull());
    }

    @Test
    void aSinkWithoutSubjectIsRefusedWithTheFieldName() {
        NatsSpec nats = new NatsSpec();
        nats.setServers(List.of(LocalNats.URL));
        nats.setStream(stream);
        BrokerSpec spec = new BrokerSpec();
        spec.setNats(nats);

        assertThatThrownBy(() -> new NatsConnector().openSink(spec, QueueRole.DEAD_LETTER, TestingSecrets.none()))
                .hasMessageContaining("deadLetter.nats.subject");
    }

    private MessageSink open(String subject, QueueRole role) {
        NatsSpec nats = new NatsSpec();
        nats.setServers(List.of(LocalNats.URL));
        nats.setStream(stream);
        nats.setSubject(subject);
        BrokerSpec spec = new BrokerSpec();
        spec.setNats(nats);
        return new NatsConnector().openSink(spec, role, TestingSecrets.none());
    }

    private static PublishRefusedException refusalOf(CompletableFuture<Void> publish, Duration within) {
        assertThat(publish).failsWithin(within).withThrowableOfType(ExecutionException.class);
        PublishRefusedException refused = PublishRefusedException.in(publish.handle((ok, e) -> e).join());
        assertThat(refused).as("a PublishRefusedException").isNotNull();
        return refused;
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
