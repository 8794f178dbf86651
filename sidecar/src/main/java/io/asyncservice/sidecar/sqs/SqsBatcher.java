package io.asyncservice.sidecar.sqs;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.ToIntFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns single SQS calls (DeleteMessage, SendMessage) into batch calls without adding latency: a few sender threads
 * each take whatever has queued up (up to 10 entries, or fewer when their payloads together get too large) and send it
 * at once. Alone, a call goes out immediately; under load, calls that queue behind a batch in flight share the next one.
 *
 * @param <T> one entry
 */
final class SqsBatcher<T> implements AutoCloseable {

    static final int MAX_ENTRIES = 10;
    /** Batch payloads stay under SQS's 256 KiB request limit. */
    static final int MAX_BATCH_BYTES = 200 * 1024;
    private static final Logger LOG = LoggerFactory.getLogger(SqsBatcher.class);

    private record Pending<T>(T entry, CompletableFuture<Void> done) {
    }

    private final LinkedBlockingQueue<Pending<T>> queue = new LinkedBlockingQueue<>();
    private final Function<List<T>, Map<Integer, String>> send;
    private final ToIntFunction<T> size;
    private final List<Thread> senders = new ArrayList<>();
    private volatile boolean closed;

    /**
     * @param send sends one batch and returns the failures by entry index (empty when all succeeded); throws when the
     *     whole call failed
     * @param size the payload size of an entry, in bytes
     */
    SqsBatcher(String name, int threads, Function<List<T>, Map<Integer, String>> send, ToIntFunction<T> size) {
        this.send = send;
        this.size = size;
        for (int i = 1; i <= threads; i++) {
            Thread t = new Thread(this::run, name + "-" + i);
            t.setDaemon(true);
            t.start();
            senders.add(t);
        }
    }

    CompletableFuture<Void> submit(T entry) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        if (closed) {
            done.completeExceptionally(new IllegalStateException("closed"));
            return done;
        }
        queue.add(new Pending<>(entry, done));
        return done;
    }

    private void run() {
        List<Pending<T>> batch = new ArrayList<>(MAX_ENTRIES);
        Pending<T> carried = null;
        while (!closed || carried != null || !queue.isEmpty()) {
            try {
                Pending<T> first = carried != null ? carried : queue.poll(200, TimeUnit.MILLISECONDS);
                carried = null;
                if (first == null) {
                    continue;
                }
                batch.clear();
                batch.add(first);
                int bytes = size.applyAsInt(first.entry());
                while (batch.size() < MAX_ENTRIES) {
                    Pending<T> next = queue.poll();
                    if (next == null) {
                        break;
                    }
                    int s = size.applyAsInt(next.entry());
                    if (bytes + s > MAX_BATCH_BYTES) {
                        carried = next;
                        break;
                    }
                    bytes += s;
                    batch.add(next);
                }
                flush(batch);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private void flush(List<Pending<T>> batch) {
        try {
            Map<Integer, String> failures = send.apply(batch.stream().map(Pending::entry).toList());
            for (int i = 0; i < batch.size(); i++) {
                String failure = failures.get(i);
                if (failure == null) {
                    batch.get(i).done().complete(null);
                } else {
                    batch.get(i).done().completeExceptionally(new IllegalStateException(failure));
                }
            }
        } catch (RuntimeException e) {
            for (Pending<T> p : batch) {
                p.done().completeExceptionally(e);
            }
        } catch (Error e) {
            LOG.error("an SQS batch call failed", e);
            for (Pending<T> p : batch) {
                p.done().completeExceptionally(e);
            }
        }
    }

    /** Sends what is queued, then stops the sender threads (waiting up to 5 s). */
    @Override
    public void close() {
        closed = true;
        for (Thread t : senders) {
            try {
                t.join(TimeUnit.SECONDS.toMillis(5));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        Pending<T> p;
        while ((p = queue.poll()) != null) {
            p.done().completeExceptionally(new IllegalStateException("closed"));
        }
    }
}
