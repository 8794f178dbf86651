package io.asyncservice.sidecar.nats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.asyncservice.api.v1alpha1.BrokerSpec;
import io.asyncservice.api.v1alpha1.DeliverySpec;
import io.asyncservice.api.v1alpha1.NatsSpec;
import io.asyncservice.sidecar.broker.Delivery;
import io.asyncservice.sidecar.broker.MessageSource;
import io.asyncservice.sidecar.testing.TestingSecrets;
import io.asyncservice.testing.LocalNats;
import io.asyncservice.testing.TcpProxy;
import io.asyncservice.testing.UniqueNames;
import io.nats.client.Connection;
import io.nats.client.JetStreamManagement;
import io.nats.client.api.AckPolicy;
import io.nats.client.api.ConsumerConfiguration;
import io.nats.client.api.ConsumerInfo;
import io.nats.client.impl.Headers;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The JetStream input against the machine's NATS server: what a user would see in the consumer's state. */
class NatsSourceIT {

    private Connection admin;
    private JetStreamManagement jsm;
    private String stream;
    private String subject;
    private final List<MessageSource> opened = new ArrayList<>();

    @BeforeEach
    void createStream() throws Exception {
        admin = LocalNats.connect();
        jsm = admin.jetStreamManagement();
        stream = UniqueNames.of("it-nats-src");
        subject = stream + ".in";
        LocalNats.createStream(admin, stream, stream + ".>");
    }

    @AfterEach
    void deleteStream() throws Exception {
        opened.forEach(MessageSource::close);
        LocalNats.deleteStream(admin, stream);
        admin.close();
    }

    @Test
    void createsAMissingDurablePullConsumerWithExplicitAcks() throws Exception {
        MessageSource source = open("created", 8, LocalNats.URL);

        ConsumerConfiguration config = jsm.getConsumerInfo(stream, "created").getConsumerConfiguration();
        assertThat(config.getDurable()).isEqualTo("created");
        assertThat(config.getDeliverSubject()).isNull();
        assertThat(config.getAckPolicy()).isEqualTo(AckPolicy.Explicit);
        assertThat(config.getFilterSubject()).isEqualTo(subject);
        assertThat(config.getAckWait()).isEqualTo(Duration.ofSeconds(30));
        assertThat(config.getMaxAckPending()).isGreaterThanOrEqualTo(8);
        assertThat(config.getMaxDeliver()).isEqualTo(-1);
        assertThat(source.leaseRenewInterval()).isEqualTo(Duration.ofSeconds(10));
        assertThat(source.isConnected()).isTrue();
    }

    @Test
    void receivedAndAckedMessagesLeaveTheConsumer() throws Exception {
        MessageSource source = open("acked", 4, LocalNats.URL);
        for (int i = 0; i < 3; i++) {
            publish("body-" + i, Map.of("X-Request-Id", "req-" + i, "Content-Type", "text/plain",
                    "traceparent", "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"));
        }

        List<Delivery> deliveries = receiveExactly(source, 3);

        assertThat(deliveries).extracting(d -> text(d.body())).containsExactly("body-0", "body-1", "body-2");
        assertThat(deliveries).extracting(Delivery::requestId).containsExactly("req-0", "req-1", "req-2");
        Delivery first = deliveries.get(0);
        assertThat(first.contentType()).isEqualTo("text/plain");
        assertThat(first.deliveryCount()).isEqualTo(1);
        assertThat(first.headers()).containsEntry("traceparent", "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01")
                .containsEntry("x-request-id", "req-0").containsEntry("content-type", "text/plain");
        for (Delivery d : deliveries) {
            d.ack().toCompletableFuture().get(5, TimeUnit.SECONDS);
        }
        ConsumerInfo info = jsm.getConsumerInfo(stream, "acked");
        assertThat(info.getNumAckPending()).isZero();
        assertThat(info.getNumPending()).isZero();
        assertThat(source.receive(1, Duration.ofMillis(300))).isEmpty();
    }

    @Test
    void theRequestIdFallsBackToNatsMsgIdThenToNothing() throws Exception {
        MessageSource source = open("ids", 2, LocalNats.URL);
        publish("with-msg-id", Map.of("Nats-Msg-Id", "dedup-7"));
        publish("bare", Map.of());

        List<Delivery> deliveries = receiveExactly(source, 2);

        assertThat(deliveries.get(0).requestId()).isEqualTo("dedup-7");
        assertThat(deliveries.get(1).requestId()).isNull();
        assertThat(deliveries.get(1).contentType()).isNull();
        assertThat(deliveries.get(1).headers()).isEmpty();
        for (Delivery d : deliveries) {
            d.ack().toCompletableFuture().get(5, TimeUnit.SECONDS);
        }
    }

    @Test
    void aReleasedMessageComesBackAtOnceWithDeliveryCountTwo() throws Exception {
        MessageSource source = open("released", 1, LocalNats.URL);
        publish("again", Map.of("X-Request-Id", "r-1"));

        Delivery first = receiveExactly(source, 1).get(0);
        first.release().toCompletableFuture().get(5, TimeUnit.SECONDS);
        Delivery second = receiveExactly(source, 1).get(0);

        assertThat(text(second.body())).isEqualTo("again");
        assertThat(second.deliveryCount()).isEqualTo(2);
        second.ack().toCompletableFuture().get(5, TimeUnit.SECONDS);
        assertThat(jsm.getConsumerInfo(stream, "released").getNumAckPending()).isZero();
    }

    @Test
    void aRejectedMessageIsTerminatedAndNeverRedelivered() throws Exception {
        createConsumer("rejected", Duration.ofSeconds(1));
        MessageSource source = open("rejected", 1, LocalNats.URL);
        publish("poison", Map.of());

        Delivery delivery = receiveExactly(source, 1).get(0);
        delivery.reject().toCompletableFuture().get(5, TimeUnit.SECONDS);

        assertThat(source.receive(1, Duration.ofSeconds(3))).as("nothing comes back after three ack waits").isEmpty();
        ConsumerInfo info = jsm.getConsumerInfo(stream, "rejected");
        assertThat(info.getNumAckPending()).isZero();
        assertThat(info.getNumPending()).isZero();
    }

    @Test
    void withoutALeaseExtensionTheMessageComesBackAfterTheAckWait() throws Exception {
        createConsumer("lapsed", Duration.ofSeconds(1));
        MessageSource source = open("lapsed", 2, LocalNats.URL);
        publish("slow", Map.of());

        Delivery first = receiveExactly(source, 1).get(0);
        // One long pull that outlives the ack wait. (nats-server 2.9 sometimes does not count a redelivery that meets a
        // pull request expiring at that very moment; a pull of 1 s would meet the 1 s ack wait.)
        List<Delivery> later = source.receive(1, Duration.ofSeconds(4));
        assertThat(later).hasSize(1);
        Delivery again = later.get(0);

        assertThat(text(again.body())).isEqualTo("slow");
        assertThat(again.deliveryCount()).isEqualTo(2);
        again.ack().toCompletableFuture().get(5, TimeUnit.SECONDS);
        assertThat(first.deliveryCount()).isEqualTo(1);
    }

    @Test
    void extendingTheLeaseKeepsAMessagePastItsAckWait() throws Exception {
        createConsumer("long-job", Duration.ofSeconds(2));
        MessageSource source = open("long-job", 2, LocalNats.URL);
        publish("long", Map.of());
        Delivery delivery = receiveExactly(source, 1).get(0);
        Duration interval = source.leaseRenewInterval();
        assertThat(interval).isEqualTo(Duration.ofSeconds(2).dividedBy(3));

        long until = System.nanoTime() + Duration.ofSeconds(6).toNanos();
        while (System.nanoTime() < until) {
            delivery.extendLease(Duration.ofSeconds(2));
            assertThat(source.receive(1, interval)).as("no redelivery while the lease is extended").isEmpty();
        }
        delivery.ack().toCompletableFuture().get(5, TimeUnit.SECONDS);

        ConsumerInfo info = jsm.getConsumerInfo(stream, "long-job");
        assertThat(info.getRedelivered()).isZero();
        assertThat(info.getNumAckPending()).isZero();
    }

    @Test
    void neverHoldsMoreThanConcurrencyUnacknowledgedMessages() throws Exception {
        MessageSource source = open("bounded", 4, LocalNats.URL);
        for (int i = 0; i < 10; i++) {
            publish("m-" + i, Map.of());
        }

        List<Delivery> inFlight = new ArrayList<>();
        long until = System.nanoTime() + Duration.ofMillis(1500).toNanos();
        while (System.nanoTime() < until) {
            inFlight.addAll(source.receive(4 - inFlight.size(), Duration.ofMillis(200)));
        }

        assertThat(inFlight).hasSize(4);
        ConsumerInfo info = jsm.getConsumerInfo(stream, "bounded");
        assertThat(info.getNumAckPending()).as("delivered to this sidecar, handed out or not").isEqualTo(4);
        assertThat(info.getNumPending()).isEqualTo(6);

        inFlight.get(0).ack().toCompletableFuture().get(5, TimeUnit.SECONDS);
        inFlight.get(1).ack().toCompletableFuture().get(5, TimeUnit.SECONDS);
        List<Delivery> next = receiveExactly(source, 2);
        assertThat(next).hasSize(2);
        assertThat(jsm.getConsumerInfo(stream, "bounded").getNumAckPending()).isEqualTo(4);
    }

    @Test
    void messagesThatArriveWhileNobodyAsksGoToAnotherReplicaSoon() throws Exception {
        MessageSource idle = open("idle", 3, LocalNats.URL);
        publish("first", Map.of());
        List<Delivery> got = idle.receive(3, Duration.ofSeconds(5));
        assertThat(got).as("returned as soon as the first message was there").hasSize(1);
        publish("late-1", Map.of());
        publish("late-2", Map.of());
        // Its pull for 3 is still open: the late messages reach this sidecar, though its engine never asks again.
        await().atMost(Duration.ofSeconds(3)).until(() -> jsm.getConsumerInfo(stream, "idle").getNumAckPending() == 3);

        MessageSource other = open("idle", 3, LocalNats.URL);
        List<Delivery> again = new ArrayList<>();
        long until = System.nanoTime() + NatsMessageSource.IDLE_BEFORE_PAUSE.plusSeconds(5).toNanos();
        while (again.size() < 2 && System.nanoTime() < until) {
            again.addAll(other.receive(2 - again.size(), Duration.ofSeconds(1)));
        }

        assertThat(again).as("given back long before the 30 s ack wait").extracting(d -> text(d.body()))
                .containsExactlyInAnyOrder("late-1", "late-2");
        assertThat(again).allSatisfy(d -> assertThat(d.deliveryCount()).isEqualTo(2));
        got.get(0).ack().toCompletableFuture().get(5, TimeUnit.SECONDS);
        for (Delivery d : again) {
            d.ack().toCompletableFuture().get(5, TimeUnit.SECONDS);
        }
        assertThat(jsm.getConsumerInfo(stream, "idle").getNumAckPending()).isZero();
    }

    @Test
    void keepsConsumingAfterTheConnectionDropsAndAcksStillCount() throws Exception {
        try (TcpProxy proxy = TcpProxy.to(LocalNats.HOST, LocalNats.PORT)) {
            MessageSource source = open("reconnect", 2, "nats://127.0.0.1:" + proxy.port());
            publish("before", Map.of());
            Delivery before = receiveExactly(source, 1).get(0);

            proxy.dropConnections();
            await().atMost(Duration.ofSeconds(15)).until(() -> proxy.acceptedConnections() == 2 && source.isConnected());
            before.ack().toCompletableFuture().get(5, TimeUnit.SECONDS);
            publish("after", Map.of());
            Delivery after = receiveExactly(source, 1).get(0);

            assertThat(text(after.body())).isEqualTo("after");
            after.ack().toCompletableFuture().get(5, TimeUnit.SECONDS);
            ConsumerInfo info = jsm.getConsumerInfo(stream, "reconnect");
            assertThat(info.getNumAckPending()).isZero();
            assertThat(info.getRedelivered()).isZero();
            source.close();
        }
    }

    private MessageSource open(String consumer, int concurrency, String server) {
        NatsSpec nats = new NatsSpec();
        nats.setServers(List.of(server));
        nats.setStream(stream);
        nats.setConsumer(consumer);
        nats.setSubject(subject);
        BrokerSpec spec = new BrokerSpec();
        spec.setNats(nats);
        DeliverySpec delivery = new DeliverySpec();
        delivery.setConcurrency(concurrency);
        MessageSource source = new NatsConnector().openSource(spec, delivery, TestingSecrets.none());
        opened.add(source);
        return source;
    }

    private void createConsumer(String name, Duration ackWait) throws Exception {
        jsm.addOrUpdateConsumer(stream, ConsumerConfiguration.builder().durable(name).ackPolicy(AckPolicy.Explicit)
                .ackWait(ackWait).filterSubject(subject).build());
    }

    private void publish(String body, Map<String, String> headers) throws Exception {
        Headers h = new Headers();
        headers.forEach(h::put);
        admin.jetStream().publish(subject, h, body.getBytes(StandardCharsets.UTF_8));
    }

    /** Receives like the engine does, asking only for what is still missing, until {@code n} arrived. */
    static List<Delivery> receiveExactly(MessageSource source, int n) throws InterruptedException {
        List<Delivery> out = new ArrayList<>();
        long until = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (out.size() < n && System.nanoTime() < until) {
            out.addAll(source.receive(n - out.size(), Duration.ofSeconds(1)));
        }
        assertThat(out).as("received within 10 s").hasSize(n);
        return out;
    }

    static String text(byte[] body) {
        return new String(body, StandardCharsets.UTF_8);
    }
}
