package io.asyncservice.sidecar.amqp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.GetResponse;
import io.asyncservice.api.sidecar.QueueRole;
import io.asyncservice.api.sidecar.SidecarContract;
import io.asyncservice.api.v1alpha1.AmqpSpec;
import io.asyncservice.api.v1alpha1.BrokerSpec;
import io.asyncservice.api.v1alpha1.DeliverySpec;
import io.asyncservice.api.v1alpha1.SecretKeyRef;
import io.asyncservice.sidecar.broker.Delivery;
import io.asyncservice.sidecar.broker.MessageSink;
import io.asyncservice.sidecar.broker.MessageSource;
import io.asyncservice.sidecar.broker.OutboundMessage;
import io.asyncservice.sidecar.broker.PublishRefusedException;
import io.asyncservice.sidecar.broker.PublishRefusedException.Reason;
import io.asyncservice.sidecar.config.EnvSecretSource;
import io.asyncservice.sidecar.testing.BrokerFixture.TestMessage;
import io.asyncservice.sidecar.testing.TestingSecrets;
import io.asyncservice.testing.LocalRabbitMq;
import io.asyncservice.testing.TcpProxy;
import io.asyncservice.testing.UniqueNames;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The RabbitMQ output against the machine's broker: a confirmed publish is a message in the queue. */
class AmqpSinkIT {

    private static final String TRACEPARENT = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";

    private Connection admin;
    private Channel channel;
    private String queue;
    private final List<String> queues = new ArrayList<>();
    private final List<String> exchanges = new ArrayList<>();
    private final List<MessageSink> opened = new ArrayList<>();
    private final List<String> users = new ArrayList<>();
    /** RabbitMQ's management API speaks HTTP/1.1 only; the client's attempt to upgrade to HTTP/2 fails against it. */
    private static final HttpClient MANAGEMENT = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @BeforeEach
    void setUp() throws Exception {
        admin = LocalRabbitMq.connect();
        channel = admin.createChannel();
        queue = UniqueNames.of("it-amqp-sink");
        queues.add(queue);
    }

    @AfterEach
    void tearDown() throws Exception {
        opened.forEach(MessageSink::close);
        for (String user : users) {
            management("DELETE", "/api/users/" + user, null);
        }
        for (String exchange : exchanges) {
            channel.exchangeDelete(exchange);
        }
        admin.close();
        LocalRabbitMq.deleteQueues(queues.toArray(String[]::new));
    }

    @Test
    void aConfirmedPublishIsAPersistentMessageInTheQueue() throws Exception {
        LocalRabbitMq.declareQueue(channel, queue);
        MessageSink sink = open(null, null, queue, LocalRabbitMq.URI);

        sink.publish(new OutboundMessage("req-1", bytes("{\"status\":\"SUCCESS\"}"), "application/json",
                Map.of("traceparent", TRACEPARENT))).toCompletableFuture().get(5, TimeUnit.SECONDS);

        GetResponse got = channel.basicGet(queue, true);
        assertThat(got).isNotNull();
        assertThat(text(got.getBody())).isEqualTo("{\"status\":\"SUCCESS\"}");
        assertThat(got.getProps().getDeliveryMode()).isEqualTo(2);
        assertThat(got.getProps().getMessageId()).isEqualTo("req-1");
        assertThat(got.getProps().getContentType()).isEqualTo("application/json");
        assertThat(got.getProps().getHeaders().get("x-request-id")).hasToString("req-1");
        assertThat(got.getProps().getHeaders().get("traceparent")).hasToString(TRACEPARENT);
        assertThat(sink.isConnected()).isTrue();
    }

    @Test
    void anExchangeAndRoutingKeyAreUsedWhenGiven() throws Exception {
        String exchange = UniqueNames.of("it-amqp-ex");
        exchanges.add(exchange);
        channel.exchangeDeclare(exchange, "direct", true);
        LocalRabbitMq.declareQueue(channel, queue);
        channel.queueBind(queue, exchange, "results");
        MessageSink sink = open(exchange, "results", "ignored-queue", LocalRabbitMq.URI);

        sink.publish(new OutboundMessage("req-2", bytes("routed"), null, Map.of())).toCompletableFuture().get(5, TimeUnit.SECONDS);

        assertThat(text(channel.basicGet(queue, true).getBody())).isEqualTo("routed");
    }

    @Test
    void anUnroutablePublishFailsAndTheSinkKeepsWorking() throws Exception {
        MessageSink sink = open(null, null, queue, LocalRabbitMq.URI);

        CompletableFuture<Void> lost = sink.publish(new OutboundMessage("req-3", bytes("x"), null, Map.of())).toCompletableFuture();

        assertThatThrownBy(() -> lost.get(5, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
                .hasMessageContaining("unroutable").hasMessageContaining("req-3").hasMessageContaining(queue)
                .satisfies(e -> assertThat(PublishRefusedException.in(e)).as("the queue may yet be declared").isNull());
        LocalRabbitMq.declareQueue(channel, queue);
        sink.publish(new OutboundMessage("req-4", bytes("y"), null, Map.of())).toCompletableFuture().get(5, TimeUnit.SECONDS);
        assertThat(channel.queueDeclarePassive(queue).getMessageCount()).isEqualTo(1);
    }

    @Test
    void aMissingExchangeFailsThePublish() throws Exception {
        MessageSink sink = open(UniqueNames.of("it-no-such-exchange"), "rk", null, LocalRabbitMq.URI);

        CompletableFuture<Void> lost = sink.publish(new OutboundMessage("req-5", bytes("x"), null, Map.of())).toCompletableFuture();

        assertThatThrownBy(() -> lost.get(5, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
                .hasMessageContaining("NOT_FOUND")
                .satisfies(e -> assertThat(PublishRefusedException.in(e)).as("the exchange may yet be declared").isNull());
    }

    @Test
    void aUserWithoutWritePermissionIsRefused() throws Exception {
        LocalRabbitMq.declareQueue(channel, queue);
        String user = UniqueNames.of("it-no-write");
        users.add(user);
        management("PUT", "/api/users/" + user, "{\"password\":\"pw\",\"tags\":\"\"}");
        management("PUT", "/api/permissions/%2F/" + user, "{\"configure\":\".*\",\"write\":\"\",\"read\":\".*\"}");
        MessageSink sink = open(null, null, queue, "amqp://" + user + ":pw@127.0.0.1:5672/%2F");

        List<CompletableFuture<Void>> publishes = List.of(
                sink.publish(new OutboundMessage("req-6", bytes("x"), null, Map.of())).toCompletableFuture(),
                sink.publish(new OutboundMessage("req-7", bytes("y"), null, Map.of())).toCompletableFuture());

        for (CompletableFuture<Void> publish : publishes) {
            PublishRefusedException refused = refusalOf(publish);
            assertThat(refused.reason()).isEqualTo(Reason.REFUSED);
            assertThat(refused.getMessage()).contains("ACCESS_REFUSED").contains(user);
        }
        assertThat(channel.queueDeclarePassive(queue).getMessageCount()).isZero();
    }

    @Test
    void aMessageOverTheNodesMaxMessageSizeIsRefusedAsTooLargeAndTheOthersAreNot() throws Exception {
        LocalRabbitMq.declareQueue(channel, queue);
        int limit = nodeMaxMessageSize();
        MessageSink sink = open(null, null, queue, LocalRabbitMq.URI);
        sink.publish(new OutboundMessage("before", bytes("a"), null, Map.of())).toCompletableFuture().get(5, TimeUnit.SECONDS);

        CompletableFuture<Void> big = sink.publish(new OutboundMessage("big", new byte[limit + 1], null, Map.of()))
                .toCompletableFuture();
        CompletableFuture<Void> sameChannel = sink.publish(new OutboundMessage("next", bytes("b"), null, Map.of()))
                .toCompletableFuture();

        PublishRefusedException refused = refusalOf(big);
        assertThat(refused.reason()).isEqualTo(Reason.TOO_LARGE);
        assertThat(refused.getMessage()).contains("big").contains((limit + 1) + " bytes")
                .contains("max_message_size of " + limit + " bytes");
        // Sent on the channel the broker is closing for the big one, it is lost with it (unless the close came first
        // and it went on a new channel): either way it is no refusal.
        Throwable sameChannelError = sameChannel.handle((ok, e) -> e).get(5, TimeUnit.SECONDS);
        assertThat(PublishRefusedException.in(sameChannelError)).isNull();
        sink.publish(new OutboundMessage("after", bytes("c"), null, Map.of())).toCompletableFuture().get(5, TimeUnit.SECONDS);
        assertThat(channel.queueDeclarePassive(queue).getMessageCount()).isEqualTo(sameChannelError == null ? 3 : 2);
    }

    @Test
    void bouncingTheInputRaisesTheDeliveryCountOfAQuorumQueue() throws Exception {
        try (AmqpFixture fixture = new AmqpFixture(); AmqpFixture.AmqpQueues queues = fixture.createQueues(Duration.ofSeconds(5))) {
            queues.publish(List.of(new TestMessage("a", "{}", null), new TestMessage("b", "{}", null)));

            queues.bounceInputs(2);

            DeliverySpec delivery = new DeliverySpec();
            delivery.setConcurrency(2);
            try (MessageSource source = new AmqpConnector().openSource(queues.input(), delivery,
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

    @Test
    void manyOutstandingPublishesAreAllConfirmed() throws Exception {
        LocalRabbitMq.declareQueue(channel, queue);
        MessageSink sink = open(null, null, queue, LocalRabbitMq.URI);
        List<CompletableFuture<Void>> futures = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            futures.add(sink.publish(new OutboundMessage("bulk-" + i, bytes("m" + i), null, Map.of())).toCompletableFuture());
        }

        CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new)).get(20, TimeUnit.SECONDS);

        assertThat(channel.queueDeclarePassive(queue).getMessageCount()).isEqualTo(1000);
    }

    @Test
    void publishingWorksAgainAfterTheConnectionRecovers() throws Exception {
        LocalRabbitMq.declareQueue(channel, queue);
        try (TcpProxy proxy = TcpProxy.to(LocalRabbitMq.HOST, LocalRabbitMq.PORT)) {
            MessageSink sink = open(null, null, queue, "amqp://guest:guest@127.0.0.1:" + proxy.port() + "/%2F");
            sink.publish(new OutboundMessage("a", bytes("a"), null, Map.of())).toCompletableFuture().get(5, TimeUnit.SECONDS);

            proxy.dropConnections();
            await().atMost(Duration.ofSeconds(20)).until(() -> proxy.acceptedConnections() == 2 && sink.isConnected());
            await().atMost(Duration.ofSeconds(10)).ignoreExceptions().until(() -> {
                sink.publish(new OutboundMessage("b", bytes("b"), null, Map.of())).toCompletableFuture().get(5, TimeUnit.SECONDS);
                return true;
            });
            sink.close();
        }
        assertThat(channel.queueDeclarePassive(queue).getMessageCount()).isEqualTo(2);
    }

    @Test
    void aMissingOrWrongUriIsAClearError() {
        String variable = SidecarContract.secretEnv(QueueRole.OUTPUT, SidecarContract.AMQP_URI_KEY);
        AmqpSpec amqp = new AmqpSpec();
        amqp.setQueue(queue);
        BrokerSpec spec = new BrokerSpec();
        spec.setAmqp(amqp);

        assertThatThrownBy(() -> new AmqpConnector().openSink(spec, QueueRole.OUTPUT, TestingSecrets.none()))
                .hasMessageContaining(variable);
        assertThatThrownBy(() -> open(null, null, queue, "amqp://guest:wrong-pw@127.0.0.1:5672/%2F"))
                .hasMessageContaining(variable)
                .hasMessageContaining("ACCESS_REFUSED")
                .hasMessageNotContaining("wrong-pw");
        assertThatThrownBy(() -> open(null, null, queue, "amqp://guest:guest@127.0.0.1:5672/no-such-vhost"))
                .hasMessageContaining(variable)
                .hasMessageContaining("no-such-vhost");
    }

    private MessageSink open(String exchange, String routingKey, String queueName, String uri) {
        AmqpSpec amqp = new AmqpSpec();
        amqp.setUriSecret(new SecretKeyRef("rabbit", "uri"));
        amqp.setExchange(exchange);
        amqp.setRoutingKey(routingKey);
        amqp.setQueue(queueName);
        BrokerSpec spec = new BrokerSpec();
        spec.setAmqp(amqp);
        MessageSink sink = new AmqpConnector().openSink(spec, QueueRole.OUTPUT,
                TestingSecrets.none().with(QueueRole.OUTPUT, SidecarContract.AMQP_URI_KEY, uri));
        opened.add(sink);
        return sink;
    }

    private static PublishRefusedException refusalOf(CompletableFuture<Void> publish) {
        assertThat(publish).failsWithin(Duration.ofSeconds(30)).withThrowableOfType(ExecutionException.class);
        PublishRefusedException refused = PublishRefusedException.in(publish.handle((ok, e) -> e).join());
        assertThat(refused).as("a PublishRefusedException").isNotNull();
        return refused;
    }

    /** Calls the management API as guest; fails unless it answers 2xx. */
    private static void management(String method, String path, String json) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(LocalRabbitMq.MANAGEMENT_URL + path))
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString(bytes("guest:guest")))
                .header("Content-Type", "application/json")
                .method(method, json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json));
        HttpResponse<String> response = MANAGEMENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(method + " " + path + ": " + response.body()).isBetween(200, 299);
    }

    /** The node's max_message_size, as {@code rabbitmqctl eval} reports it. */
    private static int nodeMaxMessageSize() throws Exception {
        Process p = new ProcessBuilder("rabbitmqctl", "eval", "application:get_env(rabbit, max_message_size).")
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        Matcher m = Pattern.compile("\\{ok,(\\d+)}").matcher(out);
        assertThat(m.find()).as("rabbitmqctl eval said: " + out).isTrue();
        return Integer.parseInt(m.group(1));
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static String text(byte[] body) {
        return new String(body, StandardCharsets.UTF_8);
    }
}
