package io.asyncservice.sidecar.testing;

import io.asyncservice.sidecar.broker.AbstractDelivery;
import io.asyncservice.sidecar.broker.Delivery;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicInteger;

/** An in-memory delivery that records how it was settled. A double of our {@link Delivery} interface, not of a broker. */
public final class TestingDelivery extends AbstractDelivery {

    private final TestingEventLog log;
    public final AtomicInteger acks = new AtomicInteger();
    public final AtomicInteger releases = new AtomicInteger();
    public final AtomicInteger rejects = new AtomicInteger();
    public final AtomicInteger leaseExtensions = new AtomicInteger();
    private volatile Duration lastLease;
    private volatile String messageId;
    private volatile boolean failAcks;

    public TestingDelivery(String requestId, byte[] body, String contentType, Map<String, String> headers, int deliveryCount,
            TestingEventLog log) {
        super(body, headers, requestId, contentType, deliveryCount);
        this.log = log;
    }

    public static TestingDelivery of(String requestId, String body, TestingEventLog log) {
        return new TestingDelivery(requestId, body.getBytes(StandardCharsets.UTF_8), null, Map.of(), 1, log);
    }

    public static TestingDelivery withCount(String requestId, String body, int deliveryCount, TestingEventLog log) {
        return new TestingDelivery(requestId, body.getBytes(StandardCharsets.UTF_8), null, Map.of(), deliveryCount, log);
    }

    public static TestingDelivery withHeaders(String requestId, String body, String contentType, Map<String, String> headers,
            TestingEventLog log) {
        Map<String, String> h = new HashMap<>(headers);
        if (contentType != null) {
            h.put("content-type", contentType);
        }
        return new TestingDelivery(requestId, body.getBytes(StandardCharsets.UTF_8), contentType, h, 1, log);
    }

    /** Gives this delivery a broker message id, as a redelivery of one message would carry again. */
    public TestingDelivery messageId(String id) {
        this.messageId = id;
        return this;
    }

    @Override
    public String messageId() {
        return messageId;
    }

    /** A copy each time, so that code that changed the bytes it was given would be caught. */
    @Override
    public byte[] body() {
        return super.body().clone();
    }

    @Override
    public void extendLease(Duration leaseTime) {
        lastLease = leaseTime;
        leaseExtensions.incrementAndGet();
        log.add("extend:" + requestId());
    }

    /** Its acks fail, as an ack on a channel that has closed does. */
    public TestingDelivery failAcks() {
        this.failAcks = true;
        return this;
    }

    /** The same message delivered once more: the same id, body and headers, the broker's count one higher. */
    public TestingDelivery redelivered() {
        return new TestingDelivery(requestId(), super.body(), contentType(), headers(), deliveryCount() + 1, log)
                .messageId(messageId);
    }

    @Override
    public CompletionStage<Void> ack() {
        acks.incrementAndGet();
        log.add("ack:" + requestId());
        if (failAcks) {
            return CompletableFuture.failedFuture(new IllegalStateException("channel closed"));
        }
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public CompletionStage<Void> release() {
        releases.incrementAndGet();
        log.add("release:" + requestId());
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public CompletionStage<Void> reject() {
        rejects.incrementAndGet();
        log.add("reject:" + requestId());
        return CompletableFuture.completedFuture(null);
    }

    public Duration lastLease() {
        return lastLease;
    }

    /** How many times it was settled in any way; exactly 1 once the engine is done with it. */
    public int settlements() {
        return acks.get() + releases.get() + rejects.get();
    }
}
