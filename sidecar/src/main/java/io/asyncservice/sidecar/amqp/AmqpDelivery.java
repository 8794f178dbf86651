package io.asyncservice.sidecar.amqp;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Envelope;
import io.asyncservice.sidecar.broker.AbstractDelivery;
import io.asyncservice.sidecar.broker.SettleOnce;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletionStage;

/**
 * One AMQP delivery, settled through the source that owns its channel. It remembers the channel generation it arrived
 * on: once that channel has closed or been recovered its delivery tag means nothing and the broker has already requeued
 * it, so {@link #ack()} and {@link #reject()} complete exceptionally (and {@link #release()} normally).
 */
final class AmqpDelivery extends AbstractDelivery {

    enum Settlement { ACK, RELEASE, REJECT }

    private final AmqpMessageSource source;
    private final long generation;
    private final long deliveryTag;
    private final String messageId;
    private final SettleOnce settleOnce = new SettleOnce();

    AmqpDelivery(AmqpMessageSource source, long generation, Envelope envelope, AMQP.BasicProperties properties, byte[] body) {
        this(source, generation, envelope, properties, body, AmqpHeaders.lowerCased(properties));
    }

    private AmqpDelivery(AmqpMessageSource source, long generation, Envelope envelope, AMQP.BasicProperties properties,
            byte[] body, Map<String, String> headers) {
        super(body, headers, AmqpHeaders.requestId(properties, headers), properties == null ? null : properties.getContentType(),
                AmqpHeaders.deliveryCount(envelope, properties));
        this.source = source;
        this.generation = generation;
        this.deliveryTag = envelope.getDeliveryTag();
        this.messageId = properties == null || properties.getMessageId() == null || properties.getMessageId().isBlank()
                ? null : properties.getMessageId();
    }

    /** The message-id property, or null: RabbitMQ gives a message no identity of its own. */
    @Override
    public String messageId() {
        return messageId;
    }

    /**
     * RabbitMQ has no lease to extend: an unacked delivery stays with this consumer until its channel closes. The broker's
     * {@code consumer_timeout} (30 minutes by default) closes a channel whose delivery stays unacked longer than that, so
     * the configuration must make every delivery end sooner: {@code input.amqp.consumerTimeout} states the broker's
     * value, and the sidecar does not start when the longest hold does not fit in it
     * ({@link io.asyncservice.api.sidecar.AmqpConsumerTimeoutRule}).
     */
    @Override
    public void extendLease(Duration leaseTime) {
    }

    @Override
    public CompletionStage<Void> ack() {
        return settle(Settlement.ACK);
    }

    @Override
    public CompletionStage<Void> release() {
        return settle(Settlement.RELEASE);
    }

    @Override
    public CompletionStage<Void> reject() {
        return settle(Settlement.REJECT);
    }

    long generation() {
        return generation;
    }

    long deliveryTag() {
        return deliveryTag;
    }

    /** A second settlement would make the broker close the channel (unknown delivery tag), so it is refused here. */
    private CompletionStage<Void> settle(Settlement settlement) {
        return settleOnce.settle(settlement.name(), () -> "delivery " + deliveryTag + " (request " + requestId() + ")",
                () -> source.settle(this, settlement));
    }
}
