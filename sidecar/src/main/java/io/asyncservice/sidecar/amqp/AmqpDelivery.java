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
 * on: after a connection recovery its delivery tag means nothing, and the broker has already requeued it.
 */
final class AmqpDelivery extends AbstractDelivery {

    enum Settlement { ACK, RELEASE, REJECT }

    private final AmqpMessageSource source;
    private final long generation;
    private final long deliveryTag;
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
    }

    /**
     * RabbitMQ has no lease to extend: an unacked delivery stays with this consumer until its channel closes. The broker's
     * {@code consumer_timeout} (30 minutes by default) closes a channel whose delivery stays unacked longer than that.
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
