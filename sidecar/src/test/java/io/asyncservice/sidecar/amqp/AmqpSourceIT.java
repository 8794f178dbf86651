package io.asyncservice.sidecar.amqp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import io.asyncservice.api.sidecar.QueueRole;
import io.asyncservice.api.sidecar.SidecarContract;
import io.asyncservice.api.v1alpha1.AmqpSpec;
import io.asyncservice.api.v1alpha1.BrokerSpec;
import io.asyncservice.api.v1alpha1.DeliverySpec;
import io.asyncservice.api.v1alpha1.SecretKeyRef;
import io.asyncservice.sidecar.broker.Delivery;
import io.asyncservice.sidecar.broker.MessageSource;
import io.asyncservice.sidecar.testing.TestingSecrets;
import io.asyncservice.testing.LocalRabbitMq;
import io.asyncservice.testing.TcpProxy;
import io.asyncservice.testing.UniqueNames;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The RabbitMQ input against the machine's broker: what a user would see in the queues. */
class AmqpSourceIT {

    private static final String TRACEPARENT = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";

    private final RabbitManagement management = new RabbitManagement();
    private Connection admin;
    private Channel channel;
    private String queue;
    private final List<String> queues = new ArrayList<>();
    private final List<MessageSource> opened = new ArrayList<>();

    @BeforeEach
    void declareQueue() throws Exception {
        admin = LocalRabbitMq.connect();
        channel = admin.createChannel();
        queue = UniqueNames.of("it-amqp-src");
        queues.add(queue);
    }

    @AfterEach
    void deleteQueues() throws Exception {
        opened.forEach(MessageSource::close);
        admin.close();
        LocalRabbitMq.deleteQueues(queues.toArray(String[]::new));
    }

    @Test
    void receivedAndAckedMessagesLeaveTheQueue() throws Exception {
        LocalRabbitMq.declareQueue(channel, queue);
        for (int i = 0; i < 3; i++) {
            publish("body-" + i, new AMQP.BasicProperties.Builder().messageId("req-" + i).contentType("text/plain")
                    .headers(Map.of("traceparent", TRACEPARENT)).build());
        }
        MessageSource source = open(queue, 4, LocalRabbitMq.URI);

        List<Delivery> deliveries = receiveExactly(source, 3);

        assertThat(deliveries).extracting(d -> text(d.body())).containsExactly("body-0", "body-1", "body-2");
        assertThat(deliveries).extracting(Delivery::requestId).containsExactly("req-0", "req-1", "req-2");
        Delivery first = deliveries.get(0);
        assertThat(first.contentType()).isEqualTo("text/plain");
        assertThat(first.deliveryCount()).isEqualTo(1);
        assertThat(first.headers()).containsEntry("traceparent", TRACEPARENT);
        assertThat(source.leaseRenewInterval()).isNull();
        assertThat(source.isConnected()).isTrue();
        for (Delivery d : deliveries) {
            d.ack().toCompletableFuture().get(5, TimeUnit.SECONDS);
        }
        source.close();
        assertThat(readyCount(queue)).as("nothing unacked went back to the queue on close").isZero();
    }

    @Test
    void theRequestIdFallsBackToTheHeaderThenToNothing() throws Exception {
        LocalRabbitMq.declareQueue(channel, queue);
        publish("with-header", new AMQP.BasicProperties.Builder().headers(Map.of("x-request-id", "h-9")).build());
        publish("bare", new AMQP.BasicProperties.Builder().build());
        MessageSource source = open(queue, 2, LocalRabbitMq.URI);

        List<Delivery> deliveries = receiveExactly(source, 2);

        assertThat(deliveries.get(0).requestId()).isEqualTo("h-9");
        assertThat(deliveries.get(1).requestId()).isNull();
        assertThat(deliveries.get(1).contentType()).isNull();
        for (Delivery d : deliveries) {
            d.ack().toCompletableFuture().get(5, TimeUnit.SECONDS);
        }
    }

    @Test
    void aReleasedMessageComesBackRedelivered() throws Exception {
        LocalRabbitMq.declareQueue(channel, queue);
        publish("again", new AMQP.BasicProperties.Builder().messageId("r-1").build());
        MessageSource source = open(queue, 1, LocalRabbitMq.URI);

        receiveExactly(source, 1).get(0).release().toCompletableFuture().get(5, TimeUnit.SECONDS);
        Delivery second = receiveExactly(source, 1).get(0);

        assertThat(text(second.body())).isEqualTo("again");
        assertThat(second.deliveryCount()).isEqualTo(2);
        second.ack().toCompletableFuture().get(5, TimeUnit.SECONDS);
        source.close();
        assertThat(readyCount(queue)).isZero();
    }

    @Test
    void aQuorumQueueCountsEveryDelivery() throws Exception {
        channel.queueDeclare(queue, true, false, false, Map.of("x-queue-type", "quorum"));
        publish("counted", new AMQP.BasicProperties.Builder().build());
        MessageSource source = open(queue, 1, LocalRabbitMq.URI);

        receiveExactly(source, 1).get(0).release().toCompletableFuture().get(5, TimeUnit.SECONDS);
        receiveExactly(source, 1).get(0).release().toCompletableFuture().get(5, TimeUnit.SECONDS);
        Delivery third = receiveExactly(source, 1).get(0);

        assertThat(third.deliveryCount()).as("x-delivery-count 2 + 1; the redelivered flag alone would say 2").isEqualTo(3);
        third.ack().toCompletableFuture().get(5, TimeUnit.SECONDS);
    }

    @Test
    void aRejectedMessageGoesToTheQueuesDeadLetterExchange() throws Exception {
        String dlq = queue + "-dlq";
        queues.add(dlq);
        LocalRabbitMq.declareQueue(channel, dlq);
        channel.queueDeclare(queue, true, false, false, Map.of("x-dead-letter-exchange", "", "x-dead-letter-routing-key", dlq));
        publish("poison", new AMQP.BasicProperties.Builder().messageId("p-1").build());
        MessageSource source = open(queue, 1, LocalRabbitMq.URI);

        receiveExactly(source, 1).get(0).reject().toCompletableFuture().get(5, TimeUnit.SECONDS);

        await().atMost(Duration.ofSeconds(5)).until(() -> readyCount(dlq) == 1);
        var dead = channel.basicGet(dlq, true);
        assertThat(text(dead.getBody())).isEqualTo("poison");
        assertThat(dead.getProps().getMessageId()).isEqualTo("p-1");
        source.close();
        assertThat(readyCount(queue)).isZero();
    }

    @Test
    void theBrokerNeverHandsOutMoreThanConcurrencyUnackedMessages() throws Exception {
        LocalRabbitMq.declareQueue(channel, queue);
        for (int i = 0; i < 10; i++) {
            publish("m-" + i, new AMQP.BasicProperties.Builder().build());
        }
        MessageSource source = open(queue, 3, LocalRabbitMq.URI);

        List<Delivery> received = new ArrayList<>();
        long until = System.nanoTime() + Duration.ofMillis(1500).toNanos();
        while (System.nanoTime() < until) {
            received.addAll(source.receive(10, Duration.ofMillis(200)));
        }

        assertThat(received).as("asked for 10 at a time, prefetch allows 3").hasSize(3);
        assertThat(readyCount(queue)).isEqualTo(7);
        received.get(0).ack().toCompletableFuture().get(5, TimeUnit.SECONDS);
        received.addAll(receiveExactly(source, 1));
        assertThat(source.receive(10, Duration.ofMillis(500))).isEmpty();
        assertThat(readyCount(queue)).isEqualTo(6);
    }

    @Test
    void afterAConnectionRecoveryAStaleAckFailsAndTheMessageComesBack() throws Exception {
        LocalRabbitMq.declareQueue(channel, queue);
        publish("survivor", new AMQP.BasicProperties.Builder().messageId("s-1").build());
        try (TcpProxy proxy = TcpProxy.to(LocalRabbitMq.HOST, LocalRabbitMq.PORT)) {
            MessageSource source = open(queue, 2, "amqp://guest:guest@127.0.0.1:" + proxy.port() + "/%2F");
            Delivery before = receiveExactly(source, 1).get(0);

            proxy.dropConnections();
            await().atMost(Duration.ofSeconds(20)).until(() -> proxy.acceptedConnections() == 2 && source.isConnected());
            assertThat(before.ack().toCompletableFuture()).as("an ack on the lost connection did not happen")
                    .failsWithin(Duration.ofSeconds(5)).withThrowableOfType(ExecutionException.class)
                    .withMessageContaining("will deliver it again");
            Delivery after = receiveExactly(source, 1).get(0);

            assertThat(text(after.body())).isEqualTo("survivor");
            assertThat(after.requestId()).isEqualTo("s-1");
            assertThat(after.deliveryCount()).isEqualTo(2);
            assertThat(source.isConnected()).as("the stale ack did not break the channel").isTrue();
            after.ack().toCompletableFuture().get(5, TimeUnit.SECONDS);
            source.close();
        }
        assertThat(readyCount(queue)).isZero();
    }

    /**
     * RabbitMQ has no lease: a delivery held past the broker's {@code consumer_timeout} has its channel closed by the
     * broker, which requeues it while the app may still be working on it. The sidecar must then not count the ack that
     * follows as done. Here the broker closes the sidecar's connection through the management API while the job runs,
     * which does to the delivery what the timeout does: its channel is gone and the message is back in the queue.
     *
     * <p>The real timeout is not used: it is a node-wide setting on RabbitMQ 3.10 (a per-queue {@code x-consumer-timeout}
     * needs 3.11.15 or later), lowering it would hit every other test on this broker, and RabbitMQ checks it only once per
     * channel tick, about a minute, so a test of it would take minutes.
     */
    @Test
    void aDeliveryWhoseChannelTheBrokerClosedCannotBeAckedAndIsDeliveredAgain() throws Exception {
        LocalRabbitMq.declareQueue(channel, queue);
        publish("long job", new AMQP.BasicProperties.Builder().messageId("job-1").build());
        MessageSource source = open(queue, 1, LocalRabbitMq.URI);
        Delivery held = receiveExactly(source, 1).get(0);
        String connectionName = "asvc-sidecar input " + queue;
        String closed = await().atMost(Duration.ofSeconds(10)).until(() -> management.connections(connectionName),
                names -> names.size() == 1).get(0);

        management.closeConnection(closed, "standing in for consumer_timeout");
        await().atMost(Duration.ofSeconds(20)).until(() -> management.connections(connectionName),
                names -> names.size() == 1 && !names.contains(closed));
        await().atMost(Duration.ofSeconds(5)).until(source::isConnected);

        assertThat(held.ack().toCompletableFuture()).as("the ack of a delivery whose channel is gone")
                .failsWithin(Duration.ofSeconds(5)).withThrowableOfType(ExecutionException.class)
                .withMessageContaining("ACK of request job-1")
                .withMessageContaining("the broker has put the message back in the queue and will deliver it again");
        Delivery again = receiveExactly(source, 1).get(0);
        assertThat(text(again.body())).isEqualTo("long job");
        assertThat(again.requestId()).isEqualTo("job-1");
        assertThat(again.deliveryCount()).as("marked as a redelivery").isEqualTo(2);
        assertThat(held.release().toCompletableFuture()).as("releasing the old delivery asks for nothing the broker "
                + "has not done").succeedsWithin(Duration.ofSeconds(5));
        again.ack().toCompletableFuture().get(5, TimeUnit.SECONDS);
        assertThat(source.isConnected()).as("the failed ack did not break the new channel").isTrue();
        source.close();
        assertThat(readyCount(queue)).as("acked once, on the new channel: nothing went back on close").isZero();
    }

    @Test
    void aConsumerCancelledByTheBrokerConsumesAgainOnceTheQueueIsBack() throws Exception {
        LocalRabbitMq.declareQueue(channel, queue);
        MessageSource source = open(queue, 1, LocalRabbitMq.URI);
        assertThat(source.receive(1, Duration.ofMillis(100))).isEmpty();

        channel.queueDelete(queue);
        await().atMost(Duration.ofSeconds(5)).until(() -> !source.isConnected());
        LocalRabbitMq.declareQueue(channel, queue);
        publish("back", new AMQP.BasicProperties.Builder().build());
        Delivery delivery = receiveExactly(source, 1).get(0);

        assertThat(text(delivery.body())).isEqualTo("back");
        delivery.ack().toCompletableFuture().get(5, TimeUnit.SECONDS);
        assertThat(source.isConnected()).isTrue();
    }

    @Test
    void nothingIsTakenBeforeTheFirstReceiveAndWhatWaitsUnaskedGoesBack() throws Exception {
        LocalRabbitMq.declareQueue(channel, queue);
        for (int i = 0; i < 5; i++) {
            publish("m-" + i, new AMQP.BasicProperties.Builder().build());
        }
        MessageSource source = open(queue, 3, LocalRabbitMq.URI);

        Thread.sleep(500);
        assertThat(readyCount(queue)).as("no consumer before the engine asks").isEqualTo(5);
        Delivery taken = source.receive(1, Duration.ofSeconds(5)).get(0);
        assertThat(readyCount(queue)).as("prefetch 3: one handed out, two buffered").isEqualTo(2);

        await().atMost(AmqpMessageSource.IDLE_BEFORE_PAUSE.plusSeconds(5)).until(() -> readyCount(queue) == 4);
        taken.ack().toCompletableFuture().get(5, TimeUnit.SECONDS);
        assertThat(source.isConnected()).as("paused, not disconnected").isTrue();
        List<Delivery> rest = receiveExactly(source, 3);
        assertThat(rest).extracting(d -> text(d.body())).doesNotContain(text(taken.body()));
        for (Delivery d : rest) {
            d.ack().toCompletableFuture().get(5, TimeUnit.SECONDS);
        }
    }

    @Test
    void aMissingQueueIsNamedInTheError() {
        assertThatThrownBy(() -> open(queue, 1, LocalRabbitMq.URI))
                .hasMessageContaining(queue)
                .hasMessageContaining("NOT_FOUND");
    }

    @Test
    void aWrongPasswordFailsWithTheVariableAndAddressButNotThePassword() throws Exception {
        LocalRabbitMq.declareQueue(channel, queue);

        assertThatThrownBy(() -> open(queue, 1, "amqp://guest:not-the-password@127.0.0.1:5672/%2F"))
                .hasMessageContaining(SidecarContract.secretEnv(QueueRole.INPUT, SidecarContract.AMQP_URI_KEY))
                .hasMessageContaining("amqp://127.0.0.1:5672/")
                .hasMessageContaining("ACCESS_REFUSED")
                .hasMessageNotContaining("not-the-password");
    }

    private MessageSource open(String queueName, int concurrency, String uri) {
        AmqpSpec amqp = new AmqpSpec();
        amqp.setUriSecret(new SecretKeyRef("rabbit", "uri"));
        amqp.setQueue(queueName);
        BrokerSpec spec = new BrokerSpec();
        spec.setAmqp(amqp);
        DeliverySpec delivery = new DeliverySpec();
        delivery.setConcurrency(concurrency);
        MessageSource source = new AmqpConnector().openSource(spec, delivery,
                TestingSecrets.none().with(QueueRole.INPUT, SidecarContract.AMQP_URI_KEY, uri));
        opened.add(source);
        return source;
    }

    private void publish(String body, AMQP.BasicProperties properties) throws Exception {
        channel.basicPublish("", queue, properties, body.getBytes(StandardCharsets.UTF_8));
    }

    private long readyCount(String name) throws Exception {
        return channel.queueDeclarePassive(name).getMessageCount();
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

    /** The few calls of the machine's RabbitMQ management API that these tests need, as guest. */
    static final class RabbitManagement {

        private static final ObjectMapper JSON = new ObjectMapper();
        private final HttpClient http = HttpClient.newHttpClient();
        private final String auth = "Basic " + Base64.getEncoder().encodeToString("guest:guest".getBytes(StandardCharsets.UTF_8));

        /** The broker's names ({@code 127.0.0.1:53412 -> 127.0.0.1:5672}) of the connections a client named so. */
        List<String> connections(String clientName) throws Exception {
            HttpResponse<String> response = send(HttpRequest.newBuilder(uri("/api/connections")).GET());
            assertThat(response.statusCode()).as("GET /api/connections: %s", response.body()).isEqualTo(200);
            List<String> names = new ArrayList<>();
            for (JsonNode c : JSON.readTree(response.body())) {
                if (clientName.equals(c.path("client_properties").path("connection_name").asText())) {
                    names.add(c.path("name").asText());
                }
            }
            return names;
        }

        /** Closes a connection from the broker's side, as an operator would in the management UI. */
        void closeConnection(String name, String reason) throws Exception {
            String path = "/api/connections/" + URLEncoder.encode(name, StandardCharsets.UTF_8).replace("+", "%20");
            HttpResponse<String> response = send(HttpRequest.newBuilder(uri(path)).header("X-Reason", reason).DELETE());
            assertThat(response.statusCode()).as("DELETE %s: %s", path, response.body()).isEqualTo(204);
        }

        private HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
            return http.send(request.header("Authorization", auth).timeout(Duration.ofSeconds(10)).build(),
                    HttpResponse.BodyHandlers.ofString());
        }

        private static URI uri(String path) {
            return URI.create(LocalRabbitMq.MANAGEMENT_URL + path);
        }
    }
}
