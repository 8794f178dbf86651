package io.asyncservice.sidecar.nats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.asyncservice.api.sidecar.QueueRole;
import io.asyncservice.api.v1alpha1.BrokerSpec;
import io.asyncservice.api.v1alpha1.NatsSpec;
import io.asyncservice.sidecar.broker.MessageSink;
import io.asyncservice.sidecar.broker.OutboundMessage;
import io.asyncservice.sidecar.testing.TestingSecrets;
import io.asyncservice.testing.LocalNats;
import io.asyncservice.testing.UniqueNames;
import io.nats.client.Connection;
import io.nats.client.JetStreamManagement;
import io.nats.client.api.MessageInfo;
import java.nio.charset.StandardCharsets;
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
    void theSameOutputPublishedAgainAfterACrashIsStoredOnce() throws Exception {
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
                .hasMessageContaining(stream);
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

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
