package io.asyncservice.sidecar.amqp;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Envelope;
import io.asyncservice.sidecar.broker.Delivery;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicReference;

/**
 * One AMQP delivery, settled through the source that owns its channel. It remembers the channel generation it arrived
 * on: after a connection recovery its delivery tag means nothing, and the broker has already requeued it.
 */
final class AmqpDelivery implements Delivery {

    enum Settlement { ACK, RELEASE, REJECT }

    private final AmqpMessageSource source;
    private final long generation;
    private final long deliveryTag;
    private final byte[] body;
    private final Map<String, String> headers;
    private final String requestId;
    private final String contentType;
    private final int deliveryCount;
    private final AtomicReference<Settlement> settledBy = new AtomicReference<>();

    AmqpDelivery(AmqpMessageSource source, long generation, Envelope envelope, AMQP.BasicProperties properties, byte[] body) {
        this.source = source;
        this.generation = generation;
        this.deliveryTag = envelope.getDeliveryTag();
        this.body = body == null ? new byte[0] : body;
        this.headers = Map.copyOf(AmqpHeaders.lowerCased(properties));
        this.requestId = AmqpHeaders.requestId(properties, headers);
        this.contentType = properties == null ? null : properties.getContentType();
        this.deliveryCount = AmqpHeaders.deliveryCount(envelope, properties);
    }

    @Override
    public byte[] body() {
        return body;
    }

    @Override
    public Map<String, String> headers() {
        return headers;
    }

    @Override
    public String requestId() {
        return requestId;
    }

    @Override
    public String contentType() {
        return contentType;
    }

    @Override
    public int deliveryCount() {
        return deliveryCount;
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
        if (!settledBy.compareAndSet(null, settlement)) {
            return CompletableFuture.failedFuture(new IllegalStateException("delivery " + deliveryTag + " (request "
                    + requestId + ") was already settled by " + settledBy.get() + "; " + settlement + " refused"));
        }
        CompletableFuture<Void> result = source.settle(this, settlement);
        result.whenComplete((ok, error) -> {
            if (error != null) {
                settledBy.compareAndSet(settlement, null);
            }
        });
        return result;
    }
}
