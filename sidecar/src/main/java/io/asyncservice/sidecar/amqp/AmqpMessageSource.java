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
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The input as a RabbitMQ consumer: {@code basic.consume} with manual acks and a prefetch of {@code concurrency}, so the
 * broker itself never has more than {@code concurrency} unacked messages out to this sidecar. Deliveries land in a
 * buffer that {@link #receive} drains; there is no polling.
 *
 * <p>The consumer starts with the first {@link #receive}, so nothing is taken before the engine wants it (the app may
 * not be up yet). When the engine stops asking for {@link #IDLE_BEFORE_PAUSE} (the app is unhealthy, or every slot is
 * busy) the consumer is cancelled and whatever sits unhandled in the buffer goes back to the queue, where another
 * replica can take it; the next {@link #receive} consumes again.
 *
 * <p>Acks, nacks and channel changes are serialized on one lock, since a channel is not safe for concurrent use. Every
 * connection loss or channel replacement starts a new generation; deliveries of an older generation are dropped from
 * the buffer, because the broker has requeued them already, and their delivery tags mean nothing on the new channel. So
 * an ack or reject of such a delivery fails: it did not happen, and the message comes again. A release succeeds, since the
 * message is back in the queue as it asked. The same holds for a delivery whose channel is found closed when it is settled.
 *
 * <p>RabbitMQ has no lease: its {@code consumer_timeout} closes the channel of a delivery held too long. The sidecar
 * refuses to start when {@code input.amqp.consumerTimeout} cannot cover the longest hold
 * ({@link io.asyncservice.api.sidecar.AmqpConsumerTimeoutRule}); should the channel close anyway, the ack fails as above.
 */
final class AmqpMessageSource implements MessageSource {

    static final Duration RESUBSCRIBE_INTERVAL = Duration.ofSeconds(5);
    static final Duration IDLE_BEFORE_PAUSE = Duration.ofSeconds(5);
    private static final Logger LOG = LoggerFactory.getLogger(AmqpMessageSource.class);

    private final Connection connection;
    private final String queue;
    private final int prefetch;
    private final Duration attemptWindow;
    private final LinkedBlockingQueue<AmqpDelivery> buffer = new LinkedBlockingQueue<>();
    private final AtomicLong generation = new AtomicLong();
    private final Object channelLock = new Object();
    private final ScheduledExecutorService idleCheck = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "amqp-input-idle-check");
        t.setDaemon(true);
        return t;
    });
    private volatile Channel channel;
    /** The active consumer's tag; null while not consuming (not started yet, paused, or cancelled by the broker). */
    private volatile String consumerTag;
    private volatile boolean brokerCancelled;
    private volatile boolean receiving;
    private volatile long lastReceiveNanos = System.nanoTime();
    private volatile boolean closed;
    private long lastChannelAttempt;

    /**
     * @param attemptWindow how long after receipt an attempt may still run: the broker's consumer_timeout less the time
     *     settling takes ({@link io.asyncservice.api.sidecar.AmqpConsumerTimeoutRule#SETTLE_ALLOWANCE})
     */
    AmqpMessageSource(Connection connection, String queue, int prefetch, Duration attemptWindow) {
        this.connection = connection;
        this.queue = queue;
        this.prefetch = prefetch;
        this.attemptWindow = attemptWindow;
        connection.addShutdownListener(this::connectionLost);
        if (connection instanceof Recoverable recoverable) {
            recoverable.addRecoveryListener(new RecoveryListener() {
                @Override
                public void handleRecoveryStarted(Recoverable r) {
                    generation.incrementAndGet();
                }

                @Override
                public void handleRecovery(Recoverable r) {
                    LOG.info("AMQP input connection recovered; queue {}", queue);
                }
            });
        }
    }

    /** Opens the channel and checks that the queue exists, so a missing queue fails at start with its name. */
    void start() {
        synchronized (channelLock) {
            openChannel();
        }
        long period = Math.max(200, IDLE_BEFORE_PAUSE.toMillis() / 5);
        idleCheck.scheduleWithFixedDelay(this::pauseIfIdle, period, period, TimeUnit.MILLISECONDS);
    }

    private void openChannel() {
        lastChannelAttempt = System.nanoTime();
        Channel previous = channel;
        if (previous != null && previous.isOpen()) {
            closeQuietly(previous);
        }
        generation.incrementAndGet();
        buffer.clear();
        consumerTag = null;
        brokerCancelled = false;
        Channel fresh = null;
        try {
            fresh = connection.createChannel();
            fresh.queueDeclarePassive(queue);
            fresh.basicQos(prefetch, false);
            fresh.addShutdownListener(this::channelClosed);
        } catch (IOException | RuntimeException e) {
            if (fresh != null) {
                closeQuietly(fresh);
            }
            throw new IllegalStateException("could not use the AMQP queue " + queue + " (input.amqp.queue): "
                    + shutdownReason(e), e);
        }
        channel = fresh;
    }

    @Override
    public List<Delivery> receive(int max, Duration maxWait) throws InterruptedException {
        List<Delivery> out = new ArrayList<>();
        if (max <= 0 || closed) {
            return out;
        }
        receiving = true;
        try {
            ensureConsuming();
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
        } finally {
            lastReceiveNanos = System.nanoTime();
            receiving = false;
        }
    }

    private void keepIfCurrent(AmqpDelivery delivery, List<Delivery> out) {
        if (delivery.generation() == generation.get()) {
            out.add(delivery);
        } else {
            LOG.debug("dropping delivery {} from before a channel recovery; the broker redelivers it", delivery.deliveryTag());
        }
    }

    /**
     * Starts (or restarts) the consumer. A channel the broker closed (e.g. its consumer_timeout) or a consumer it
     * cancelled (queue deleted) is not recovered by the client, so a new channel replaces it, at most every
     * {@link #RESUBSCRIBE_INTERVAL}. During a connection recovery the client restores the consumer itself.
     */
    private void ensureConsuming() {
        Channel current = channel;
        if (current != null && current.isOpen() && consumerTag != null || !connection.isOpen()) {
            return;
        }
        synchronized (channelLock) {
            if (closed) {
                return;
            }
            if (channel == null || !channel.isOpen() || brokerCancelled) {
                if (System.nanoTime() - lastChannelAttempt < RESUBSCRIBE_INTERVAL.toNanos()) {
                    return;
                }
                try {
                    openChannel();
                    LOG.info("using AMQP queue {} again on a new channel", queue);
                } catch (RuntimeException e) {
                    LOG.warn("could not use AMQP queue {} again, trying again in {}: {}", queue, RESUBSCRIBE_INTERVAL,
                            e.getMessage());
                    return;
                }
            }
            if (consumerTag == null) {
                String tag = "asvc-sidecar-" + UUID.randomUUID();
                try {
                    channel.basicConsume(queue, false, tag, new BufferingConsumer());
                    consumerTag = tag;
                } catch (IOException | RuntimeException e) {
                    LOG.warn("could not consume AMQP queue {}: {}", queue, shutdownReason(e));
                }
            }
        }
    }

    /** Cancels the consumer when the engine has not asked for messages for a while, and returns what it never took. */
    private void pauseIfIdle() {
        if (closed || receiving || consumerTag == null
                || System.nanoTime() - lastReceiveNanos < IDLE_BEFORE_PAUSE.toNanos()) {
            return;
        }
        synchronized (channelLock) {
            String tag = consumerTag;
            if (closed || receiving || tag == null || !channel.isOpen()) {
                return;
            }
            try {
                channel.basicCancel(tag);
            } catch (IOException | RuntimeException e) {
                LOG.debug("could not cancel the AMQP consumer {}: {}", tag, e.toString());
            }
            consumerTag = null;
            int returned = returnBuffered();
            LOG.debug("AMQP input paused: nothing asked for messages for {}; {} unhandled message(s) returned to {}",
                    IDLE_BEFORE_PAUSE, returned, queue);
        }
    }

    /** Gives every buffered, never handed out delivery back to the queue. Called under the channel lock. */
    private int returnBuffered() {
        List<AmqpDelivery> unhandled = new ArrayList<>();
        buffer.drainTo(unhandled);
        int returned = 0;
        for (AmqpDelivery d : unhandled) {
            if (d.generation() != generation.get()) {
                continue;
            }
            try {
                channel.basicNack(d.deliveryTag(), false, true);
                returned++;
            } catch (IOException | RuntimeException e) {
                LOG.debug("could not return delivery {}: {}", d.deliveryTag(), e.toString());
            }
        }
        return returned;
    }

    CompletableFuture<Void> settle(AmqpDelivery delivery, AmqpDelivery.Settlement settlement) {
        synchronized (channelLock) {
            if (delivery.generation() != generation.get()) {
                return requeuedByTheBroker(delivery, settlement, "the channel it came on has closed or been recovered since",
                        null);
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
                    return requeuedByTheBroker(delivery, settlement, "its channel closed (" + shutdownReason(e) + ")", e);
                }
                return CompletableFuture.failedFuture(new IllegalStateException(settlement + " of request "
                        + delivery.requestId() + " failed: " + e.getMessage(), e));
            }
        }
    }

    /**
     * The broker requeued the delivery when its channel closed. A release got what it asked for; an ack or a reject did
     * not happen, and must not be reported as done: the message will be delivered again.
     */
    private static CompletableFuture<Void> requeuedByTheBroker(AmqpDelivery delivery, AmqpDelivery.Settlement settlement,
            String why, Exception cause) {
        if (settlement == AmqpDelivery.Settlement.RELEASE) {
            LOG.debug("release of request {} not needed: {}, so the broker has requeued it", delivery.requestId(), why);
            return CompletableFuture.completedFuture(null);
        }
        return CompletableFuture.failedFuture(new IllegalStateException(settlement + " of request " + delivery.requestId()
                + " (delivery " + delivery.deliveryTag() + ") is not possible: " + why + ", so the broker has put the "
                + "message back in the queue and will deliver it again", cause));
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

    /** RabbitMQ has no lease: a delivery must be settled before the broker's consumer_timeout closes its channel. */
    @Override
    public Duration attemptWindow() {
        return attemptWindow;
    }

    /** Up while the connection and channel are, whether or not the consumer is paused; down when the broker cancelled it. */
    @Override
    public boolean isConnected() {
        Channel current = channel;
        return !closed && connection.isOpen() && current != null && current.isOpen() && !brokerCancelled;
    }

    /** Closing the connection returns every unacked delivery, buffered or in flight, to the queue. */
    @Override
    public void close() {
        closed = true;
        idleCheck.shutdownNow();
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
        public void handleDelivery(String tag, Envelope envelope, AMQP.BasicProperties properties, byte[] body) {
            buffer.add(new AmqpDelivery(AmqpMessageSource.this, generation.get(), envelope, properties, body));
        }

        @Override
        public void handleConsumeOk(String tag) {
            LOG.debug("consuming AMQP queue {} as {}", queue, tag);
        }

        @Override
        public void handleCancel(String tag) {
            brokerCancelled = true;
            consumerTag = null;
            LOG.error("the broker cancelled the consumer of AMQP queue {} (queue deleted?); trying again every {}", queue,
                    RESUBSCRIBE_INTERVAL);
        }

        @Override
        public void handleCancelOk(String tag) {
            LOG.debug("AMQP consumer {} cancelled", tag);
        }

        @Override
        public void handleShutdownSignal(String tag, ShutdownSignalException sig) {
            if (!sig.isInitiatedByApplication() && !sig.isHardError()) {
                LOG.warn("the broker closed the AMQP input channel: {}", sig.getMessage());
            }
        }

        @Override
        public void handleRecoverOk(String tag) {
            LOG.debug("AMQP consumer {} recovered", tag);
        }
    }
}
