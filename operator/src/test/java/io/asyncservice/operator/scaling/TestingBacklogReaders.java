package io.asyncservice.operator.scaling;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Backlog readers whose answers a test sets per service: a backlog, a failure, or a read that blocks until
 * released. Endpoints are "endpoint-of-" + the service name unless a test sets one.
 */
public final class TestingBacklogReaders implements BacklogReaderFactory {

    private final Map<ServiceKey, Object> answers = new ConcurrentHashMap<>();
    private final Map<ServiceKey, String> endpoints = new ConcurrentHashMap<>();
    private final Map<ServiceKey, AtomicInteger> reads = new ConcurrentHashMap<>();
    private final AtomicInteger opened = new AtomicInteger();
    private final AtomicInteger closed = new AtomicInteger();
    private final List<String> openedInputs = new CopyOnWriteArrayList<>();
    private final CountDownLatch release = new CountDownLatch(1);

    private record Failure(String reason, String message) {
    }

    private static final Object BLOCK = new Object();

    public void backlog(ServiceKey key, long messages) {
        answers.put(key, Backlog.of(messages));
    }

    public void backlog(ServiceKey key, Backlog backlog) {
        answers.put(key, backlog);
    }

    public void fail(ServiceKey key, String reason, String message) {
        answers.put(key, new Failure(reason, message));
    }

    /** Reads of this service block until {@link #releaseBlockedReads()}. */
    public void block(ServiceKey key) {
        answers.put(key, BLOCK);
    }

    public void releaseBlockedReads() {
        release.countDown();
    }

    public void endpoint(ServiceKey key, String endpoint) {
        endpoints.put(key, endpoint);
    }

    public int reads(ServiceKey key) {
        AtomicInteger n = reads.get(key);
        return n == null ? 0 : n.get();
    }

    public int opened() {
        return opened.get();
    }

    public int closed() {
        return closed.get();
    }

    /** The input fingerprints of the readers opened, in order. */
    public List<String> openedInputs() {
        return openedInputs;
    }

    @Override
    public BacklogReader open(ScaledService service) {
        opened.incrementAndGet();
        openedInputs.add(service.inputFingerprint());
        ServiceKey key = service.key();
        return new BacklogReader() {
            @Override
            public Backlog read() throws BacklogReadException {
                reads.computeIfAbsent(key, k -> new AtomicInteger()).incrementAndGet();
                Object answer = answers.getOrDefault(key, Backlog.of(0));
                if (answer == BLOCK) {
                    try {
                        release.await();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    throw new BacklogReadException(BacklogReadException.TIMEOUT, "released");
                }
                if (answer instanceof Failure f) {
                    throw new BacklogReadException(f.reason(), f.message());
                }
                return (Backlog) answer;
            }

            @Override
            public void close() {
                closed.incrementAndGet();
            }
        };
    }

    @Override
    public String endpointOf(ScaledService service) {
        return endpoints.getOrDefault(service.key(), "endpoint-of-" + service.name());
    }
}
