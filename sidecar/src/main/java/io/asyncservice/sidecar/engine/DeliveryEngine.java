package io.asyncservice.sidecar.engine;

import io.asyncservice.api.sidecar.SidecarLoad;
import io.asyncservice.sidecar.broker.Delivery;
import io.asyncservice.sidecar.broker.MessageSink;
import io.asyncservice.sidecar.broker.MessageSource;
import io.asyncservice.sidecar.format.MessageCodec;
import io.asyncservice.sidecar.http.AppEndpoint;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * The delivery engine, the same for every broker. One fetch thread keeps up to {@code concurrency} messages in flight
 * (it asks the source for exactly as many as there are free slots), a fixed pool of {@code concurrency} workers takes
 * each message to its end, and a small scheduler keeps their leases alive.
 *
 * <p>Fetching pauses while {@code fetchAllowed} says no (the app is not ready). {@link #drain()} stops fetching, lets
 * the in-flight messages finish (output written, acked) and completes only then; {@link #shutdown(Duration)} does the
 * same within a deadline and releases whatever is left. {@link #drain(Duration)} is the drain the preStop hook asks
 * for: if no shutdown follows it in time, fetching starts again.
 */
public final class DeliveryEngine implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(DeliveryEngine.class);
    private static final Duration PAUSE = Duration.ofMillis(100);
    private static final Duration RECEIVE_ERROR_PAUSE = Duration.ofSeconds(1);

    private final MessageSource source;
    private final EngineOptions options;
    private final BooleanSupplier fetchAllowed;
    private final EngineMetrics metrics;
    private final DeliverySettler settler;
    private final DeliveryProcessor processor;
    private final LeaseKeeper leases;
    private final Semaphore slots;
    private final ThreadPoolExecutor workers;
    private final ScheduledExecutorService scheduler;
    private final Set<InFlightDelivery> inFlight = ConcurrentHashMap.newKeySet();
    private final StopSignal draining = new StopSignal();
    private final Object drainLock = new Object();
    private volatile CompletableFuture<Void> drained = new CompletableFuture<>();
    private final AtomicBoolean started = new AtomicBoolean();
    /** Set by shutdown, abandon and close: from then on a drain is final and fetching never starts again. */
    private final AtomicBoolean stopping = new AtomicBoolean();
    private volatile Thread fetcher;
    private boolean resumeScheduled;
    private volatile boolean fetchStopped;
    private volatile boolean fetchFailed;

    /** @param output may be null; @param deadLetter may be null */
    public DeliveryEngine(MessageSource source, MessageSink output, MessageSink deadLetter, MessageCodec codec,
            AppEndpoint app, EngineOptions options, BooleanSupplier fetchAllowed, EngineMetrics metrics, Clock clock) {
        this.source = source;
        this.options = options;
        this.fetchAllowed = fetchAllowed;
        this.metrics = metrics;
        AttemptLedger ledger = new AttemptLedger(AttemptLedger.DEFAULT_CAPACITY);
        AttemptWindow window = new AttemptWindow(source.attemptWindow(), options.attemptTimeout());
        this.settler = new DeliverySettler(output, deadLetter, codec, metrics, options.publishTimeout(), clock, ledger,
                options.backoff(), window, draining);
        this.processor = new DeliveryProcessor(codec, app, options.backoff(), options.maxAttempts(), ledger, window, settler,
                draining, metrics);
        this.slots = new Semaphore(options.concurrency());
        this.workers = new ThreadPoolExecutor(options.concurrency(), options.concurrency(), 0, TimeUnit.MILLISECONDS,
                new LinkedBlockingQueue<>(), threads("asvc-worker-", false));
        ScheduledThreadPoolExecutor s = new ScheduledThreadPoolExecutor(2, threads("asvc-lease-", true));
        s.setRemoveOnCancelPolicy(true);
        this.scheduler = s;
        this.leases = new LeaseKeeper(source.leaseRenewInterval(), scheduler);
        this.fetcher = threads("asvc-fetch", false).newThread(this::fetchLoop);
        metrics.inFlightGauge(inFlight::size);
    }

    /** Starts fetching. */
    public void start() {
        if (started.compareAndSet(false, true)) {
            fetcher.start();
        }
    }

    /**
     * Stops fetching and completes once every message in flight has been settled (for a success: output durably
     * written, then acked). Idempotent: every caller gets the same future.
     */
    public CompletableFuture<Void> drain() {
        CompletableFuture<Void> current;
        synchronized (drainLock) {
            if (!draining.raised()) {
                LOG.info("draining: fetching stopped, waiting for {} message(s) in flight", inFlight.size());
                draining.raise();
            }
            if (!started.get()) {
                fetchStopped = true;
            }
            current = drained;
        }
        checkDrained();
        return current;
    }

    /**
     * The drain of the pod's preStop hook: as {@link #drain()}, and if the process is still running {@code resumeAfter}
     * after this drain began (the pod's grace period plus a margin) and no shutdown has begun, fetching starts again
     * once the drain is over.
     *
     * <p>Why resume rather than fail {@code /livez} so that the kubelet restarts the container: past the grace period
     * the kubelet would have killed a terminating pod, so nobody is stopping this one, and a drained sidecar holds
     * nothing in flight. Resuming keeps everything the process knows (the attempts of released messages, the broker
     * connections, a Kafka assignment) and needs no kubelet at all; a restart would lose that memory, count as a
     * container restart and back off, and would never happen where no liveness probe runs.
     */
    public CompletableFuture<Void> drain(Duration resumeAfter) {
        CompletableFuture<Void> current = drain();
        synchronized (drainLock) {
            if (!stopping.get() && !resumeScheduled && current == drained) {
                resumeScheduled = true;
                try {
                    scheduler.schedule(() -> current.thenRunAsync(() -> resume(current, resumeAfter), scheduler),
                            resumeAfter.toNanos(), TimeUnit.NANOSECONDS);
                } catch (RejectedExecutionException e) {
                    // closed meanwhile: nothing to resume
                }
            }
        }
        return current;
    }

    /** Fetches again after {@code drain}, unless a shutdown began or another drain replaced it. */
    private void resume(CompletableFuture<Void> drain, Duration after) {
        synchronized (drainLock) {
            if (stopping.get() || drain != drained || !draining.raised()) {
                return;
            }
            LOG.warn("the drain was not followed by a termination within {}: fetching again",
                    after.toString().substring(2).toLowerCase(java.util.Locale.ROOT));
            resumeScheduled = false;
            drained = new CompletableFuture<>();
            fetchStopped = false;
            draining.lower();
            fetcher = threads("asvc-fetch", false).newThread(this::fetchLoop);
            if (started.get()) {
                fetcher.start();
            }
        }
    }

    /**
     * Drains within {@code deadline}; what is still in flight then is released to the broker. Returns true when
     * everything finished in time.
     */
    public boolean shutdown(Duration deadline) {
        stopping.set(true);
        try {
            drain().get(deadline.toNanos(), TimeUnit.NANOSECONDS);
            return true;
        } catch (TimeoutException e) {
            abandon();
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            abandon();
            return false;
        } catch (ExecutionException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Releases every message still in flight, now, and interrupts the workers. */
    public void abandon() {
        stopping.set(true);
        draining.raise();
        int released = 0;
        for (InFlightDelivery f : List.copyOf(inFlight)) {
            if (settler.releaseQuietly(f)) {
                released++;
            }
        }
        if (released > 0) {
            LOG.warn("shutdown deadline reached: released {} message(s) still in flight back to the broker", released);
        }
        workers.shutdownNow();
        fetcher.interrupt();
    }

    public boolean isDraining() {
        return draining.raised();
    }

    public int inFlight() {
        return inFlight.size();
    }

    /**
     * The load for {@code /load}: the messages held now (received, not yet settled), how long the oldest of them has
     * been held (0 when none; to the millisecond), the successes since start, and whether fetching has stopped.
     */
    public SidecarLoad load() {
        long now = System.nanoTime();
        int count = 0;
        long oldestNanos = 0;
        for (InFlightDelivery f : inFlight) {
            count++;
            oldestNanos = Math.max(oldestNanos, now - f.startNanos());
        }
        return new SidecarLoad(count, Math.round(oldestNanos / 1_000_000.0) / 1000.0, metrics.succeeded(), draining.raised());
    }

    /** False when the fetch loop died of an unexpected error. */
    public boolean isHealthy() {
        return !fetchFailed;
    }

    @Override
    public void close() {
        stopping.set(true);
        draining.raise();
        fetcher.interrupt();
        workers.shutdownNow();
        scheduler.shutdownNow();
        try {
            fetcher.join(TimeUnit.SECONDS.toMillis(5));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void fetchLoop() {
        try {
            while (!draining.raised()) {
                if (!fetchAllowed.getAsBoolean()) {
                    draining.awaitFor(PAUSE);
                    continue;
                }
                if (!slots.tryAcquire(PAUSE.toMillis(), TimeUnit.MILLISECONDS)) {
                    continue;
                }
                int want = 1 + slots.drainPermits();
                List<Delivery> got;
                try {
                    got = source.receive(want, options.receiveWait());
                } catch (RuntimeException e) {
                    slots.release(want);
                    metrics.receiveError();
                    LOG.warn("receiving from the input failed, retrying in {} s: {}", RECEIVE_ERROR_PAUSE.toSeconds(), e.toString());
                    draining.awaitFor(RECEIVE_ERROR_PAUSE);
                    continue;
                }
                if (got.size() < want) {
                    slots.release(want - got.size());
                }
                metrics.received(got.size());
                for (Delivery d : got) {
                    dispatch(d);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException | Error e) {
            fetchFailed = true;
            LOG.error("the fetch loop stopped unexpectedly", e);
        } finally {
            fetchStopped = true;
            checkDrained();
        }
    }

    private void dispatch(Delivery d) {
        InFlightDelivery f = new InFlightDelivery(d);
        inFlight.add(f);
        leases.start(f);
        if (draining.raised()) {
            // Received by a poll that was already under way when the drain began: never started, so give it back.
            settler.releaseQuietly(f);
            finished(f);
            return;
        }
        workers.execute(() -> work(f));
    }

    private void work(InFlightDelivery f) {
        if (f.requestId() != null) {
            MDC.put("request_id", f.requestId());
        }
        try {
            processor.process(f);
        } catch (InterruptedException e) {
            settler.releaseQuietly(f); // shut down past the deadline; usually abandon() released it already
        } catch (RuntimeException | Error e) {
            LOG.atError().addKeyValue("request_id", f.requestId()).setCause(e)
                    .log("unexpected error while processing request {}; releasing it", f.requestId());
            settler.release(f, "unexpected error: " + e);
        } finally {
            MDC.remove("request_id");
            finished(f);
        }
    }

    private void finished(InFlightDelivery f) {
        inFlight.remove(f);
        slots.release();
        checkDrained();
    }

    private void checkDrained() {
        CompletableFuture<Void> current = drained;
        if (draining.raised() && fetchStopped && inFlight.isEmpty() && !current.isDone()) {
            LOG.info("drained: nothing in flight");
            current.complete(null);
        }
    }

    private static ThreadFactory threads(String prefix, boolean daemon) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, prefix.endsWith("-") ? prefix + n.incrementAndGet() : prefix);
            t.setDaemon(daemon);
            return t;
        };
    }
}
