package io.asyncservice.sidecar.testing;

import io.asyncservice.sidecar.broker.Delivery;
import io.asyncservice.sidecar.broker.MessageSource;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/** An in-memory input queue. A double of our {@link MessageSource} interface. */
public final class TestingMessageSource implements MessageSource {

    private final LinkedBlockingQueue<Delivery> queue = new LinkedBlockingQueue<>();
    private final Duration renewInterval;
    public final AtomicInteger receiveCalls = new AtomicInteger();
    public final AtomicInteger maxAsked = new AtomicInteger();
    public final AtomicInteger handedOut = new AtomicInteger();
    private final AtomicInteger failuresLeft = new AtomicInteger();
    private volatile Duration attemptWindow;

    public TestingMessageSource(Duration renewInterval) {
        this.renewInterval = renewInterval;
    }

    public void add(Delivery... deliveries) {
        queue.addAll(List.of(deliveries));
    }

    /** The next {@code n} receive calls throw, as a broker that is down would. */
    public void failNextReceives(int n) {
        failuresLeft.set(n);
    }

    /** Acts as a broker without a lease, whose deliveries must be settled within {@code window} of receipt. */
    public void attemptWindow(Duration window) {
        this.attemptWindow = window;
    }

    @Override
    public Duration attemptWindow() {
        return attemptWindow;
    }

    public int waiting() {
        return queue.size();
    }

    @Override
    public List<Delivery> receive(int max, Duration maxWait) throws InterruptedException {
        receiveCalls.incrementAndGet();
        if (failuresLeft.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
            throw new IllegalStateException("broker unreachable");
        }
        maxAsked.accumulateAndGet(max, Math::max);
        List<Delivery> out = new ArrayList<>();
        Delivery first = queue.poll(Math.min(maxWait.toMillis(), 200), TimeUnit.MILLISECONDS);
        if (first != null) {
            out.add(first);
            queue.drainTo(out, max - 1);
        }
        handedOut.addAndGet(out.size());
        return out;
    }

    @Override
    public Duration leaseRenewInterval() {
        return renewInterval;
    }

    @Override
    public boolean isConnected() {
        return true;
    }

    @Override
    public void close() {
    }
}
