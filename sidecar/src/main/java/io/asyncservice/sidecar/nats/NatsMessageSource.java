package io.asyncservice.sidecar.nats;

import io.asyncservice.sidecar.broker.Delivery;
import io.asyncservice.sidecar.broker.MessageSource;
import io.nats.client.Connection;
import io.nats.client.JetStreamStatusException;
import io.nats.client.JetStreamSubscription;
import io.nats.client.Message;
import io.nats.client.PullRequestOptions;
import io.nats.client.impl.AckType;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The input as a JetStream durable pull consumer. {@link #receive} asks the server only for what the free concurrency
 * allows (see {@link PullBudget}), and returns as soon as the first message is there, together with whatever the client
 * already holds: it never waits for a batch to fill up, not even briefly. What arrives meanwhile is taken by the next
 * call, which the engine makes at once when slots are still free.
 */
final class NatsMessageSource implements MessageSource {

    static final Duration MIN_PULL_EXPIRY = Duration.ofMillis(100);
    /** Bounds how long a partly served pull holds part of the budget, and how many pulls are open on the server. */
    static final Duration MAX_PULL_EXPIRY = Duration.ofSeconds(5);
    static final Duration PULL_GRACE = Duration.ofMillis(100);
    static final Duration SETTLE_TIMEOUT = Duration.ofSeconds(10);
    /** No receive for this long (app unhealthy, all slots busy): what arrived late goes back. At least MAX_PULL_EXPIRY. */
    static final Duration IDLE_BEFORE_PAUSE = Duration.ofSeconds(5);
    private static final Duration DISCONNECTED_POLL = Duration.ofMillis(100);

    private static final Logger LOG = LoggerFactory.getLogger(NatsMessageSource.class);

    private final Connection connection;
    private final JetStreamSubscription subscription;
    private final Duration leaseRenewInterval;
    private final PullBudget budget = new PullBudget(PULL_GRACE.toNanos());
    private final ScheduledExecutorService idleCheck = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "nats-input-idle-check");
        t.setDaemon(true);
        return t;
    });
    private volatile boolean pullsLost;
    private volatile boolean closed;
    private volatile long lastReceiveNanos = System.nanoTime();

    NatsMessageSource(Connection connection, JetStreamSubscription subscription, Duration ackWait, NatsConnectionEvents events) {
        this.connection = connection;
        this.subscription = subscription;
        this.leaseRenewInterval = ackWait.dividedBy(3);
        events.onReconnect(() -> pullsLost = true);
        long period = IDLE_BEFORE_PAUSE.toMillis() / 5;
        idleCheck.scheduleWithFixedDelay(this::returnIfIdle, period, period, TimeUnit.MILLISECONDS);
    }

    @Override
    public synchronized List<Delivery> receive(int max, Duration maxWait) throws InterruptedException {
        try {
            return receiveNow(max, maxWait);
        } finally {
            lastReceiveNanos = System.nanoTime();
        }
    }

    private List<Delivery> receiveNow(int max, Duration maxWait) throws InterruptedException {
        List<Delivery> out = new ArrayList<>();
        if (max <= 0 || closed) {
            return out;
        }
        long deadline = System.nanoTime() + Math.max(0, maxWait.toNanos());
        if (pullsLost) {
            pullsLost = false;
            budget.clear();
        }
        drainBuffered(out, max);
        while (out.isEmpty()) {
            long now = System.nanoTime();
            long left = deadline - now;
            boolean connected = connection.getStatus() == Connection.Status.CONNECTED;
            if (connected) {
                requestMore(max, left, now);
            }
            if (left <= 0) {
                break;
            }
            long wait = connected ? waitNanos(left, now) : Math.min(left, DISCONNECTED_POLL.toNanos());
            Message message;
            try {
                message = subscription.nextMessage(Duration.ofNanos(Math.max(wait, 1_000_000)));
            } catch (JetStreamStatusException e) {
                LOG.warn("NATS pull failed: {}", e.getMessage());
                budget.clear();
                Thread.sleep(Math.min(Math.max(left / 1_000_000, 1), 1_000));
                break;
            } catch (IllegalStateException e) {
                if (closed) {
                    break;
                }
                throw e;
            }
            accept(message, out);
        }
        drainBuffered(out, max);
        return out;
    }

    /** Asks for what the free concurrency allows beyond what the open pulls may still deliver. */
    private void requestMore(int max, long leftNanos, long now) {
        int want = max - budget.promised(now);
        if (want <= 0) {
            return;
        }
        long expiry = Math.max(MIN_PULL_EXPIRY.toNanos(), Math.min(leftNanos, MAX_PULL_EXPIRY.toNanos()));
        subscription.pull(PullRequestOptions.builder(want).expiresIn(Duration.ofNanos(expiry)).build());
        budget.pulled(want, now + expiry);
    }

    /** Waits until the deadline, or until the next open pull closes, when a new one may be needed. */
    private long waitNanos(long leftNanos, long now) {
        long untilClose = budget.nanosUntilNextClose(now);
        return untilClose < 0 ? leftNanos : Math.min(leftNanos, untilClose + 1_000_000);
    }

    private void drainBuffered(List<Delivery> out, int max) throws InterruptedException {
        while (out.size() < max) {
            Message message = subscription.nextMessage((Duration) null);
            if (message == null) {
                return;
            }
            accept(message, out);
        }
    }

    private void accept(Message message, List<Delivery> out) {
        if (message == null) {
            return;
        }
        budget.received(System.nanoTime());
        if (!message.isJetStream()) {
            LOG.debug("ignoring a non-JetStream message on the pull subscription: {}", message.getSubject());
            return;
        }
        out.add(new NatsDelivery(message, connection, SETTLE_TIMEOUT));
    }

    /**
     * Messages that arrived for a pull after {@link #receive} had returned wait in the client. When nobody has asked for
     * messages for a while (the app is unhealthy), they are nak'ed, so that they go to another replica at once instead
     * of lapsing here; by then every pull has expired, so no more arrive.
     */
    private synchronized void returnIfIdle() {
        if (closed || System.nanoTime() - lastReceiveNanos < IDLE_BEFORE_PAUSE.toNanos()) {
            return;
        }
        int returned = 0;
        try {
            Message message;
            while ((message = subscription.nextMessage((Duration) null)) != null) {
                budget.received(System.nanoTime());
                if (message.isJetStream()) {
                    message.nak();
                    returned++;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            LOG.debug("while returning idle NATS messages: {}", e.toString());
        }
        if (returned > 0) {
            LOG.info("nobody asked for messages for {}; {} message(s) that arrived meanwhile were given back", IDLE_BEFORE_PAUSE,
                    returned);
        }
    }

    @Override
    public Duration leaseRenewInterval() {
        return leaseRenewInterval;
    }

    @Override
    public boolean isConnected() {
        return !closed && connection.getStatus() == Connection.Status.CONNECTED;
    }

    /**
     * Naks whatever arrived but was never handed out, so it is redelivered at once rather than after the ack wait, then
     * closes the connection. Messages handed out and not settled are redelivered after the ack wait.
     */
    @Override
    public void close() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            idleCheck.shutdownNow();
            try {
                Message message;
                while ((message = subscription.nextMessage((Duration) null)) != null) {
                    if (message.isJetStream()) {
                        connection.publish(message.getReplyTo(), AckType.AckNak.bytes);
                    }
                }
                subscription.unsubscribe();
                connection.flush(Duration.ofSeconds(2));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (Exception e) {
                LOG.debug("while closing the NATS input: {}", e.toString());
            }
        }
        try {
            connection.close();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
