package io.asyncservice.sidecar.testing;

import io.asyncservice.sidecar.broker.MessageSink;
import io.asyncservice.sidecar.broker.OutboundMessage;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/** An in-memory output or dead-letter queue that can be told to fail. A double of our {@link MessageSink} interface. */
public final class TestingMessageSink implements MessageSink {

    private final String name;
    private final TestingEventLog log;
    private final List<OutboundMessage> accepted = new CopyOnWriteArrayList<>();
    private final AtomicInteger failuresLeft = new AtomicInteger();
    public final AtomicInteger attempts = new AtomicInteger();

    public TestingMessageSink(String name, TestingEventLog log) {
        this.name = name;
        this.log = log;
    }

    /** The next {@code n} publishes fail. */
    public TestingMessageSink failNext(int n) {
        failuresLeft.set(n);
        return this;
    }

    @Override
    public CompletionStage<Void> publish(OutboundMessage message) {
        attempts.incrementAndGet();
        if (failuresLeft.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
            log.add("publish-failed:" + name + ":" + message.requestId());
            return CompletableFuture.failedFuture(new IllegalStateException(name + " is down"));
        }
        accepted.add(message);
        log.add("publish:" + name + ":" + message.requestId());
        return CompletableFuture.completedFuture(null);
    }

    /** The messages durably accepted. */
    public List<OutboundMessage> accepted() {
        return List.copyOf(accepted);
    }

    @Override
    public boolean isConnected() {
        return true;
    }

    @Override
    public void close() {
    }
}
