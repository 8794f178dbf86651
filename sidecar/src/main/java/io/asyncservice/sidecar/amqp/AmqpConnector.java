package io.asyncservice.sidecar.amqp;

import com.rabbitmq.client.Connection;
import io.asyncservice.api.sidecar.AmqpConsumerTimeoutRule;
import io.asyncservice.api.sidecar.QueueRole;
import io.asyncservice.api.v1alpha1.AmqpSpec;
import io.asyncservice.api.v1alpha1.BrokerSpec;
import io.asyncservice.api.v1alpha1.DeliverySpec;
import io.asyncservice.api.v1alpha1.Durations;
import io.asyncservice.sidecar.broker.BrokerConnector;
import io.asyncservice.sidecar.broker.MessageSink;
import io.asyncservice.sidecar.broker.MessageSource;
import io.asyncservice.sidecar.broker.SecretSource;
import java.time.Duration;

/**
 * AMQP 0-9-1 (RabbitMQ): the input through {@code basic.consume} with prefetch = concurrency and manual acks, outputs
 * through publisher confirms. Each source and sink has its own connection with automatic recovery.
 */
public final class AmqpConnector implements BrokerConnector {

    public AmqpConnector() {
    }

    @Override
    public MessageSource openSource(BrokerSpec spec, DeliverySpec delivery, SecretSource secrets) {
        AmqpSpec amqp = amqpOf(spec, QueueRole.INPUT);
        if (amqp.getQueue() == null || amqp.getQueue().isBlank()) {
            throw new IllegalArgumentException("input.amqp.queue is required");
        }
        int concurrency = delivery.getConcurrency() == null ? 1 : delivery.getConcurrency();
        Connection connection = AmqpConnections.connect(QueueRole.INPUT, secrets, amqp.getQueue());
        try {
            Duration consumerTimeout = Durations.parseOr("input.amqp.consumerTimeout", amqp.getConsumerTimeout(),
                    Durations.parse("", new AmqpSpec().getConsumerTimeout()));
            AmqpMessageSource source = new AmqpMessageSource(connection, amqp.getQueue(), concurrency,
                    consumerTimeout.minus(AmqpConsumerTimeoutRule.SETTLE_ALLOWANCE));
            source.start();
            return source;
        } catch (RuntimeException e) {
            closeQuietly(connection);
            throw e;
        }
    }

    @Override
    public MessageSink openSink(BrokerSpec spec, QueueRole role, SecretSource secrets) {
        AmqpSpec amqp = amqpOf(spec, role);
        String exchange = amqp.getExchange() == null ? "" : amqp.getExchange();
        String routingKey = amqp.getRoutingKey() != null && !amqp.getRoutingKey().isBlank() ? amqp.getRoutingKey() : amqp.getQueue();
        if (routingKey == null || routingKey.isBlank()) {
            throw new IllegalArgumentException(role.field() + ".amqp needs a routingKey or a queue to publish to");
        }
        Connection connection = AmqpConnections.connect(role, secrets, exchange.isEmpty() ? routingKey : exchange + "/" + routingKey);
        try {
            AmqpMessageSink sink = new AmqpMessageSink(connection, exchange, routingKey, role);
            sink.start();
            return sink;
        } catch (RuntimeException e) {
            closeQuietly(connection);
            throw e;
        }
    }

    private static AmqpSpec amqpOf(BrokerSpec spec, QueueRole role) {
        if (spec == null || spec.getAmqp() == null) {
            throw new IllegalArgumentException(role.field() + ".amqp is not set");
        }
        return spec.getAmqp();
    }

    private static void closeQuietly(Connection connection) {
        try {
            connection.abort(2_000);
        } catch (RuntimeException ignored) {
            // already closed
        }
    }
}
