package io.asyncservice.sidecar.testing;

import io.asyncservice.sidecar.broker.MessageSink;
import io.asyncservice.sidecar.broker.OutboundMessage;
import io.asyncservice.sidecar.broker.PublishRefusedException;
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
    private final AtomicInteger refusalsLeft = new AtomicInteger();
    private volatile PublishRefusedException.Reason refusal;
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

    /** The next {@code n} publishes are refused for good, as a broker refuses a message too large or not authorized. */
    public TestingMessageSink refuseNext(int n, PublishRefusedException.Reason reason) {
        refusal = reason;
        refusalsLeft.set(n);
        return this;
    }

    @Override
    public CompletionStage<Void> publish(OutboundMessage message) {
        attempts.incrementAndGet();
        if (refusalsLeft.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
            log.add("publish-refused:" + name + ":" + message.requestId());
            return CompletableFuture.failedFuture(new PublishRefusedException(refusal, name + " refused "
                    + message.body().length + " bytes (" + refusal + ")"));
        }
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
