package io.asyncservice.sidecar.broker;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletionStage;

/**
 * One message received from the input queue and leased to this sidecar until it is settled by exactly one of
 * {@link #ack()}, {@link #release()} or {@link #reject()}.
 *
 * <p>Implementations must be safe to call from any thread; the engine calls them from its worker threads.
 */
public interface Delivery {

    /** The body, byte for byte as the producer sent it. */
    byte[] body();

    /**
     * The message's headers or attributes, with lower-case names (e.g. {@code content-type}, {@code traceparent},
     * {@code x-request-id}). Never null.
     */
    Map<String, String> headers();

    /** The request id the broker carries (message id, key or header), or null when it has none. */
    String requestId();

    /**
     * What identifies this message on its broker, the same on every redelivery and different for every other message:
     * the SQS MessageId, {@code topic-partition@offset}, {@code stream#sequence}, the AMQP message-id property. Null when
     * the broker gives none (an AMQP message published without a message-id); see {@link MessageIdentity}.
     */
    String messageId();

    /** The message's own content type, or null. */
    String contentType();

    /**
     * How many times the broker has delivered this message, counting this delivery (ApproximateReceiveCount,
     * NumDelivered, x-delivery-count). 1 where the broker does not count.
     */
    int deliveryCount();

    /** Keeps the lease alive while the app works (ChangeMessageVisibility, in-progress ack, ...). */
    void extendLease(Duration leaseTime);

    /**
     * Removes the message from the queue. Called only after its output or dead letter was durably accepted.
     *
     * <p>As for {@link MessageSink#publish}, the stages of {@code ack}, {@code release} and {@code reject} may complete
     * on a thread of the broker's client: callers wait on them and chain no work to them.
     */
    CompletionStage<Void> ack();

    /** Gives the message back for redelivery as soon as possible (drain, shutdown). */
    CompletionStage<Void> release();

    /**
     * Hands a failed message to the broker's own dead-letter policy (SQS redrive, RabbitMQ dead-letter exchange,
     * JetStream terminate). Used only when neither a dead-letter queue nor an output is configured.
     */
    CompletionStage<Void> reject();
}
