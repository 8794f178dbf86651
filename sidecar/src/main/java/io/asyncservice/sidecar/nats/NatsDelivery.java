package io.asyncservice.sidecar.nats;

import io.asyncservice.sidecar.broker.Delivery;
import io.nats.client.Connection;
import io.nats.client.Message;
import io.nats.client.impl.AckType;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicReference;

/**
 * One JetStream message leased through the durable consumer. Acks, naks and terms are sent as requests on the message's
 * ack subject, so each completes only when the server has confirmed it (the non-blocking form of {@code ackSync});
 * the lease is extended with in-progress acks. Futures complete on the source's callback executor, never on a NATS
 * client thread.
 */
final class NatsDelivery implements Delivery {

    private final Message message;
    private final Connection connection;
    private final Executor callbacks;
    private final Duration settleTimeout;
    private final Map<String, String> headers;
    private final String requestId;
    private final String contentType;
    private final int deliveryCount;
    private final AtomicReference<String> settledBy = new AtomicReference<>();

    NatsDelivery(Message message, Connection connection, Executor callbacks, Duration settleTimeout) {
        this.message = message;
        this.connection = connection;
        this.callbacks = callbacks;
        this.settleTimeout = settleTimeout;
        this.headers = Map.copyOf(NatsHeaders.lowerCased(message.getHeaders()));
        this.requestId = NatsHeaders.requestId(headers);
        this.contentType = NatsHeaders.contentType(headers);
        this.deliveryCount = (int) Math.min(Integer.MAX_VALUE, Math.max(1, message.metaData().deliveredCount()));
    }

    @Override
    public byte[] body() {
        byte[] data = message.getData();
        return data == null ? new byte[0] : data;
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

    /** The server resets the ack timer to the consumer's ack wait; {@code leaseTime} cannot change that. */
    @Override
    public void extendLease(Duration leaseTime) {
        if (settledBy.get() == null) {
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
        if (!settledBy.compareAndSet(null, operation)) {
            return CompletableFuture.failedFuture(new IllegalStateException(
                    "message " + streamSequence() + " was already settled by " + settledBy.get() + "; " + operation + " ignored"));
        }
        CompletableFuture<Void> result = new CompletableFuture<>();
        try {
            connection.requestWithTimeout(message.getReplyTo(), type.bytes, settleTimeout).whenCompleteAsync((reply, error) -> {
                if (error != null) {
                    settledBy.set(null); // unconfirmed: the engine may try again
                    result.completeExceptionally(new IllegalStateException("JetStream did not confirm the " + operation
                            + " of message " + streamSequence() + " within " + settleTimeout, error));
                } else {
                    result.complete(null);
                }
            }, callbacks);
        } catch (RuntimeException e) {
            result.completeExceptionally(e);
        }
        return result;
    }
}
