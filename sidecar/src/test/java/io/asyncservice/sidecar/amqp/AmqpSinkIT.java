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
import io.asyncservice.api.v1alpha1.SecretKeyRef;
import io.asyncservice.sidecar.broker.MessageSink;
import io.asyncservice.sidecar.broker.OutboundMessage;
import io.asyncservice.sidecar.testing.TestingSecrets;
import io.asyncservice.testing.LocalRabbitMq;
import io.asyncservice.testing.TcpProxy;
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
                .hasMessageContaining("unroutable").hasMessageContaining("req-3").hasMessageContaining(queue);
        LocalRabbitMq.declareQueue(channel, queue);
        sink.publish(new OutboundMessage("req-4", bytes("y"), null, Map.of())).toCompletableFuture().get(5, TimeUnit.SECONDS);
        assertThat(channel.queueDeclarePassive(queue).getMessageCount()).isEqualTo(1);
    }

    @Test
    void aMissingExchangeFailsThePublish() throws Exception {
        MessageSink sink = open(UniqueNames.of("it-no-such-exchange"), "rk", null, LocalRabbitMq.URI);

        CompletableFuture<Void> lost = sink.publish(new OutboundMessage("req-5", bytes("x"), null, Map.of())).toCompletableFuture();

        assertThatThrownBy(() -> lost.get(5, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
                .hasMessageContaining("NOT_FOUND");
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

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static String text(byte[] body) {
        return new String(body, StandardCharsets.UTF_8);
    }
}
