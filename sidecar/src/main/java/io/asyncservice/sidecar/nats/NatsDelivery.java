package io.asyncservice.sidecar.nats;

import io.asyncservice.sidecar.broker.AbstractDelivery;
import io.asyncservice.sidecar.broker.SettleOnce;
import io.nats.client.Connection;
import io.nats.client.Message;
import io.nats.client.impl.AckType;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * One JetStream message leased through the durable consumer. Acks, naks and terms are sent as requests on the message's
 * ack subject, so each completes only when the server has confirmed it (the non-blocking form of {@code ackSync});
 * the lease is extended with in-progress acks. Futures complete on the NATS client's thread that read the reply;
 * the engine only waits on them.
 */
final class NatsDelivery extends AbstractDelivery {

    private final Message message;
    private final Connection connection;
    private final Duration settleTimeout;
    private final SettleOnce settleOnce = new SettleOnce();

    NatsDelivery(Message message, Connection connection, Duration settleTimeout) {
        this(message, connection, settleTimeout, NatsHeaders.lowerCased(message.getHeaders()));
    }

    private NatsDelivery(Message message, Connection connection, Duration settleTimeout,
            Map<String, String> headers) {
        super(message.getData(), headers, NatsHeaders.requestId(headers), NatsHeaders.contentType(headers),
                (int) Math.min(Integer.MAX_VALUE, Math.max(1, message.metaData().deliveredCount())));
        this.message = message;
        this.connection = connection;
        this.settleTimeout = settleTimeout;
    }

    /** {@code stream#sequence}: the stream sequence, the same on every redelivery. */
    @Override
    public String messageId() {
        return message.metaData().getStream() + "#" + message.metaData().streamSequence();
    }

    /** The server resets the ack timer to the consumer's ack wait; {@code leaseTime} cannot change that. */
    @Override
    public void extendLease(Duration leaseTime) {
        if (!settleOnce.isSettled()) {
            message.inProgress();
        }
    }

    @Override
    public CompletionStage<Void> ack() {
        return settle(AckType.AckAck, "ack");
    }

    @Override
    public CompletionStage<Void> release() {
        return settle(AckType.AckNak, "release");
    }

    @Override
    public CompletionStage<Void> reject() {
        return settle(AckType.AckTerm, "reject");
    }

    /** The stream sequence, for log lines. */
    long streamSequence() {
        return message.metaData().streamSequence();
    }

    private CompletionStage<Void> settle(AckType type, String operation) {
        return settleOnce.settle(operation, () -> "message " + streamSequence(), () -> request(type, operation));
    }

    /** Sends the ack, nak or term and completes when the server has confirmed it. */
    private CompletableFuture<Void> request(AckType type, String operation) {
        CompletableFuture<Void> result = new CompletableFuture<>();
        connection.requestWithTimeout(message.getReplyTo(), type.bytes, settleTimeout).whenComplete((reply, error) -> {
            if (error != null) {
                result.completeExceptionally(new IllegalStateException("JetStream did not confirm the " + operation
                        + " of message " + streamSequence() + " within " + settleTimeout, error));
            } else {
                result.complete(null);
            }
        });
        return result;
    }
}
