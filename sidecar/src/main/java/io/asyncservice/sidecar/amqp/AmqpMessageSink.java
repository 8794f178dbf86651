package io.asyncservice.sidecar.amqp;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.AlreadyClosedException;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.Return;
import com.rabbitmq.client.ShutdownSignalException;
import io.asyncservice.api.sidecar.QueueRole;
import io.asyncservice.sidecar.broker.MessageSink;
import io.asyncservice.sidecar.broker.OutboundMessage;
import io.asyncservice.sidecar.broker.PublishRefusedException;
import io.asyncservice.sidecar.broker.PublishRefusedException.Reason;
import java.io.IOException;
import java.time.Duration;
import java.util.Date;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An output or dead-letter destination on RabbitMQ. Messages are published persistent and {@code mandatory} on a
 * channel in confirm mode; {@link #publish} completes when the broker confirms, and fails when it nacks, returns the
 * message as unroutable, or the channel closes first. Publishes are serialized on the channel; confirms are not waited
 * for under the lock, so many can be outstanding.
 *
 * <p>RabbitMQ refuses a publish by closing the channel. Two such closes are for good, and fail the publish with a
 * {@link PublishRefusedException}: 403 ACCESS_REFUSED (the user may not write to the exchange) is {@code REFUSED} for
 * every publish the close fails, since they all went to the same exchange as the same user; 406 PRECONDITION_FAILED
 * "message size N is larger than configured max size M" (the node's {@code max_message_size}) is {@code TOO_LARGE}
 * for the publishes whose body is over M, while the others the close fails were fine and may simply be sent again.
 * Every other failure may pass on a retry: a nack, an unroutable return (the queue may be being recreated), a missing
 * exchange (404), a closed connection, a confirm that does not come.
 */
final class AmqpMessageSink implements MessageSink {

    /** Carries the publish sequence number, so that a returned (unroutable) message fails the right future. */
    static final String PUBLISH_SEQ_HEADER = "x-asvc-publish-seq";
    static final Duration CONFIRM_TIMEOUT = Duration.ofSeconds(30);
    private static final int PERSISTENT = 2;
    /** RabbitMQ's reply text when a body is over the node's max_message_size. */
    private static final Pattern MESSAGE_SIZE = Pattern.compile("message size (\\d+) is larger than configured max size (\\d+)");
    private static final Logger LOG = LoggerFactory.getLogger(AmqpMessageSink.class);

    private final Connection connection;
    private final String exchange;
    private final String routingKey;
    private final QueueRole role;
    private final Object publishLock = new Object();
    private Channel channel;
    private PublisherConfirms confirms;

    AmqpMessageSink(Connection connection, String exchange, String routingKey, QueueRole role) {
        this.connection = connection;
        this.exchange = exchange;
        this.routingKey = routingKey;
        this.role = role;
    }

    /** Opens the confirm channel at once, so a broker that refuses it fails at start. */
    void start() {
        synchronized (publishLock) {
            try {
                ensureChannel();
            } catch (IOException e) {
                throw new IllegalStateException("could not open a confirm channel for the " + role.field() + ": " + e.getMessage(), e);
            }
        }
    }

    @Override
    public CompletionStage<Void> publish(OutboundMessage message) {
        CompletableFuture<Void> confirmed;
        long sequenceNumber;
        PublisherConfirms tracker;
        synchronized (publishLock) {
            try {
                Channel ch = ensureChannel();
                tracker = confirms;
                sequenceNumber = ch.getNextPublishSeqNo();
                confirmed = tracker.register(sequenceNumber);
                try {
                    ch.basicPublish(exchange, routingKey, true, properties(message, sequenceNumber), message.body());
                } catch (IOException | AlreadyClosedException e) {
                    tracker.fail(sequenceNumber, e);
                }
            } catch (IOException | RuntimeException e) {
                return CompletableFuture.failedFuture(failure(message, e));
            }
        }
        CompletableFuture<Void> result = new CompletableFuture<>();
        // Completed on the connection's thread, which read the confirm: it only wakes the waiting worker.
        confirmed.orTimeout(CONFIRM_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS).whenComplete((ok, error) -> {
            if (error == null) {
                result.complete(null);
                return;
            }
            if (error instanceof TimeoutException) {
                tracker.forget(sequenceNumber);
            }
            result.completeExceptionally(failure(message, error));
        });
        return result;
    }

    private AMQP.BasicProperties properties(OutboundMessage message, long sequenceNumber) {
        Map<String, Object> headers = new HashMap<>();
        message.headers().forEach((name, value) -> {
            if (value != null) {
                headers.put(name.toLowerCase(Locale.ROOT), value);
            }
        });
        headers.remove("content-type");
        if (message.requestId() != null) {
            headers.put(AmqpHeaders.REQUEST_ID, message.requestId());
        }
        headers.put(PUBLISH_SEQ_HEADER, sequenceNumber);
        return new AMQP.BasicProperties.Builder()
                .deliveryMode(PERSISTENT)
                .messageId(message.requestId())
                .contentType(message.contentType())
                .timestamp(new Date())
                .headers(headers)
                .build();
    }

    /** A channel the broker closed (e.g. a missing exchange) is not recovered by the client; a new one replaces it. */
    private Channel ensureChannel() throws IOException {
        if (channel != null && channel.isOpen()) {
            return channel;
        }
        if (!connection.isOpen()) {
            throw new IllegalStateException("the AMQP connection is down; it is being recovered");
        }
        Channel fresh = connection.createChannel();
        PublisherConfirms tracker = new PublisherConfirms();
        fresh.confirmSelect();
        fresh.addConfirmListener(tracker::acked, tracker::nacked);
        fresh.addReturnListener(returned -> returned(tracker, returned));
        fresh.addShutdownListener(cause -> channelClosed(tracker, cause));
        channel = fresh;
        confirms = tracker;
        return fresh;
    }

    private void returned(PublisherConfirms tracker, Return returned) {
        Object seq = returned.getProperties().getHeaders() == null ? null : returned.getProperties().getHeaders().get(PUBLISH_SEQ_HEADER);
        IllegalStateException unroutable = new IllegalStateException("unroutable: exchange '" + returned.getExchange()
                + "' has no queue bound for routing key '" + returned.getRoutingKey() + "' (" + returned.getReplyCode() + " "
                + returned.getReplyText() + ")");
        if (seq instanceof Number number) {
            tracker.fail(number.longValue(), unroutable);
        } else {
            LOG.error("the broker returned a {} message without a publish sequence number: {}", role.field(), unroutable.getMessage());
        }
    }

    /** Confirms of a closed channel never arrive; with connection recovery, the same channel restarts numbering at 1. */
    private void channelClosed(PublisherConfirms tracker, ShutdownSignalException cause) {
        String reason = cause.getReason() instanceof AMQP.Channel.Close close ? close.getReplyText()
                : cause.getReason() instanceof AMQP.Connection.Close close ? close.getReplyText() : cause.getMessage();
        if (!cause.isInitiatedByApplication()) {
            LOG.warn("the {} channel closed: {}", role.field(), reason);
        }
        tracker.failAll(new IllegalStateException("the channel closed before the broker confirmed: " + reason, cause));
    }

    /** A {@link PublishRefusedException} when no retry can pass, else an IllegalStateException. */
    private RuntimeException failure(OutboundMessage message, Throwable error) {
        Throwable cause = error instanceof java.util.concurrent.CompletionException && error.getCause() != null ? error.getCause() : error;
        String what = cause instanceof TimeoutException ? "no confirm within " + CONFIRM_TIMEOUT : String.valueOf(cause.getMessage());
        String text = "RabbitMQ did not accept the " + role.field() + " message for request " + message.requestId()
                + " (exchange '" + exchange + "', routing key '" + routingKey + "'): ";
        AMQP.Channel.Close close = channelClose(cause);
        if (close != null && close.getReplyCode() == AMQP.ACCESS_REFUSED) {
            return new PublishRefusedException(Reason.REFUSED, text + close.getReplyText(), cause);
        }
        Matcher size = close == null || close.getReplyCode() != AMQP.PRECONDITION_FAILED ? null
                : MESSAGE_SIZE.matcher(String.valueOf(close.getReplyText()));
        if (size != null && size.find() && message.body().length > Long.parseLong(size.group(2))) {
            return new PublishRefusedException(Reason.TOO_LARGE, text + "its body is " + message.body().length
                    + " bytes, over the node's max_message_size of " + size.group(2) + " bytes (" + close.getReplyText() + ")", cause);
        }
        return new IllegalStateException(text + what, cause);
    }

    /** The channel.close in {@code error}'s causes, or null (a connection close, no close at all). */
    private static AMQP.Channel.Close channelClose(Throwable error) {
        for (Throwable e = error; e != null; e = e.getCause()) {
            if (e instanceof ShutdownSignalException signal && signal.getReason() instanceof AMQP.Channel.Close close) {
                return close;
            }
        }
        return null;
    }

    @Override
    public boolean isConnected() {
        return connection.isOpen();
    }

    @Override
    public void close() {
        try {
            connection.close(5_000);
        } catch (IOException | AlreadyClosedException e) {
            LOG.debug("while closing the AMQP {}: {}", role.field(), e.toString());
        }
    }
}
