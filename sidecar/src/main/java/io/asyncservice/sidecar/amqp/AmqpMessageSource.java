package io.asyncservice.sidecar.amqp;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.AlreadyClosedException;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.Consumer;
import com.rabbitmq.client.Envelope;
import com.rabbitmq.client.Recoverable;
import com.rabbitmq.client.RecoveryListener;
import com.rabbitmq.client.ShutdownSignalException;
import io.asyncservice.sidecar.broker.Delivery;
import io.asyncservice.sidecar.broker.MessageSource;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The input as a RabbitMQ consumer: {@code basic.consume} with manual acks and a prefetch of {@code concurrency}, so the
 * broker itself never has more than {@code concurrency} unacked messages out to this sidecar. Deliveries land in a
 * buffer that {@link #receive} drains; there is no polling.
 *
 * <p>Acks, nacks and channel (re)opening are serialized on one lock, since a channel is not safe for concurrent use.
 * Every connection loss or channel replacement starts a new generation; deliveries of an older generation are dropped
 * from the buffer and their settlements are skipped, because the broker has requeued them already.
 */
final class AmqpMessageSource implements MessageSource {

    static final Duration RESUBSCRIBE_INTERVAL = Duration.ofSeconds(5);
    private static final Logger LOG = LoggerFactory.getLogger(AmqpMessageSource.class);

    private final Connection connection;
    private final String queue;
    private final int prefetch;
    private final LinkedBlockingQueue<AmqpDelivery> buffer = new LinkedBlockingQueue<>();
    private final AtomicLong generation = new AtomicLong();
    private final Object channelLock = new Object();
    private volatile Channel channel;
    private volatile boolean consuming;
    private volatile boolean closed;
    private long lastSubscribeAttempt;

    AmqpMessageSource(Connection connection, String queue, int prefetch) {
        this.connection = connection;
        this.queue = queue;
        this.prefetch = prefetch;
        connection.addShutdownListener(this::connectionLost);
        if (connection instanceof Recoverable recoverable) {
            recoverable.addRecoveryListener(new RecoveryListener() {
                @Override
                public void handleRecoveryStarted(Recoverable r) {
                    generation.incrementAndGet();
                }

                @Override
                public void handleRecovery(Recoverable r) {
                    LOG.info("AMQP input connection recovered; consuming {} again", queue);
                }
            });
        }
    }

    /** Checks that the queue exists and starts consuming; a missing queue fails here with its name. */
    void start() {
        synchronized (channelLock) {
            try {
                subscribe();
            } catch (IOException e) {
                throw new IllegalStateException("could not consume the AMQP queue " + queue + ": " + e.getMessage(), e);
            }
        }
    }

    private void subscribe() throws IOException {
        lastSubscribeAttempt = System.nanoTime();
        Channel previous = channel;
        if (previous != null && previous.isOpen()) {
            closeQuietly(previous);
        }
        generation.incrementAndGet();
        buffer.clear();
        Channel fresh = connection.createChannel();
        try {
            fresh.queueDeclarePassive(queue);
            fresh.basicQos(prefetch, false);
            fresh.addShutdownListener(this::channelClosed);
            fresh.basicConsume(queue, false, new BufferingConsumer());
        } catch (IOException | RuntimeException e) {
            closeQuietly(fresh);
            throw new IllegalStateException("could not consume the AMQP queue " + queue + " (input.amqp.queue): "
                    + shutdownReason(e), e);
        }
        channel = fresh;
        consuming = true;
    }

    @Override
    public List<Delivery> receive(int max, Duration maxWait) throws InterruptedException {
        List<Delivery> out = new ArrayList<>();
        if (max <= 0 || closed) {
            return out;
        }
        resubscribeIfLost();
        long deadline = System.nanoTime() + Math.max(0, maxWait.toNanos());
        while (out.isEmpty()) {
            long left = deadline - System.nanoTime();
            AmqpDelivery first = left > 0 ? buffer.poll(left, TimeUnit.NANOSECONDS) : buffer.poll();
            if (first == null) {
                return out;
            }
            keepIfCurrent(first, out);
        }
        List<AmqpDelivery> more = new ArrayList<>();
        buffer.drainTo(more, max - out.size());
        more.forEach(d -> keepIfCurrent(d, out));
        return out;
    }

    private void keepIfCurrent(AmqpDelivery delivery, List<Delivery> out) {
        if (delivery.generation() == generation.get()) {
            out.add(delivery);
        } else {
            LOG.debug("dropping delivery {} from before a channel recovery; the broker redelivers it", delivery.deliveryTag());
        }
    }

    /** A channel closed by the broker (e.g. consumer_timeout) or a cancelled consumer is not recovered by the client. */
    private void resubscribeIfLost() {
        if (consuming && channel != null && channel.isOpen() || !connection.isOpen()) {
            return;
        }
        synchronized (channelLock) {
            if (consuming && channel.isOpen() || closed
                    || System.nanoTime() - lastSubscribeAttempt < RESUBSCRIBE_INTERVAL.toNanos()) {
                return;
            }
            try {
                subscribe();
                LOG.info("consuming AMQP queue {} again on a new channel", queue);
            } catch (IOException | RuntimeException e) {
                LOG.warn("could not consume AMQP queue {} again: {}", queue, e.getMessage());
                consuming = false;
            }
        }
    }

    CompletableFuture<Void> settle(AmqpDelivery delivery, AmqpDelivery.Settlement settlement) {
        synchronized (channelLock) {
            if (delivery.generation() != generation.get()) {
                LOG.warn("{} of request {} skipped: its channel was recovered since delivery, and the broker redelivers it",
                        settlement, delivery.requestId());
                return CompletableFuture.completedFuture(null);
            }
            try {
                switch (settlement) {
                    case ACK -> channel.basicAck(delivery.deliveryTag(), false);
                    case RELEASE -> channel.basicNack(delivery.deliveryTag(), false, true);
                    case REJECT -> channel.basicNack(delivery.deliveryTag(), false, false);
                    default -> throw new IllegalArgumentException(String.valueOf(settlement));
                }
                return CompletableFuture.completedFuture(null);
            } catch (IOException | AlreadyClosedException e) {
                if (!channel.isOpen()) {
                    LOG.warn("{} of request {} not sent: the channel closed ({}); the broker redelivers the message",
                            settlement, delivery.requestId(), e.getMessage());
                    return CompletableFuture.completedFuture(null);
                }
                return CompletableFuture.failedFuture(new IllegalStateException(settlement + " of request "
                        + delivery.requestId() + " failed: " + e.getMessage(), e));
            }
        }
    }

    /** The broker requeues whatever was unacked on a closed channel, so what is still buffered is stale. */
    private void channelClosed(ShutdownSignalException cause) {
        if (!cause.isInitiatedByApplication()) {
            generation.incrementAndGet();
            buffer.clear();
        }
    }

    private void connectionLost(ShutdownSignalException cause) {
        if (!cause.isInitiatedByApplication()) {
            generation.incrementAndGet();
            buffer.clear();
            LOG.warn("AMQP input connection lost ({}); unacked messages go back to {}", cause.getMessage(), queue);
        }
    }

    @Override
    public Duration leaseRenewInterval() {
        return null;
    }

    @Override
    public boolean isConnected() {
        Channel current = channel;
        return !closed && connection.isOpen() && current != null && current.isOpen() && consuming;
    }

    /** Closing the connection returns every unacked delivery, buffered or in flight, to the queue. */
    @Override
    public void close() {
        closed = true;
        buffer.clear();
        try {
            connection.close(5_000);
        } catch (IOException | AlreadyClosedException e) {
            LOG.debug("while closing the AMQP input: {}", e.toString());
        }
    }

    private static void closeQuietly(Channel channel) {
        try {
            channel.close();
        } catch (Exception e) {
            LOG.debug("while closing an AMQP channel: {}", e.toString());
        }
    }

    /** The broker's reply text (e.g. NOT_FOUND - no queue 'x' in vhost '/') when the channel was closed for it. */
    static String shutdownReason(Exception e) {
        Throwable cause = e instanceof ShutdownSignalException ? e : e.getCause();
        if (cause instanceof ShutdownSignalException signal && signal.getReason() instanceof AMQP.Channel.Close close) {
            return close.getReplyText();
        }
        return e.getMessage();
    }

    /** Puts each delivery in the buffer, tagged with the generation it belongs to. */
    private final class BufferingConsumer implements Consumer {

        @Override
        public void handleDelivery(String consumerTag, Envelope envelope, AMQP.BasicProperties properties, byte[] body) {
            buffer.add(new AmqpDelivery(AmqpMessageSource.this, generation.get(), envelope, properties, body));
        }

        @Override
        public void handleConsumeOk(String consumerTag) {
            LOG.debug("consuming AMQP queue {} as {}", queue, consumerTag);
        }

        @Override
        public void handleCancel(String consumerTag) {
            consuming = false;
            LOG.error("the broker cancelled the consumer of AMQP queue {} (queue deleted?); trying again every {}", queue,
                    RESUBSCRIBE_INTERVAL);
        }

        @Override
        public void handleCancelOk(String consumerTag) {
            consuming = false;
        }

        @Override
        public void handleShutdownSignal(String consumerTag, ShutdownSignalException sig) {
            if (!sig.isInitiatedByApplication() && !sig.isHardError()) {
                LOG.warn("the broker closed the AMQP input channel: {}", sig.getMessage());
            }
        }

        @Override
        public void handleRecoverOk(String consumerTag) {
            LOG.debug("AMQP consumer {} recovered", consumerTag);
        }
    }
}
