package io.asyncservice.operator.scaling;

import io.asyncservice.api.v1alpha1.AsyncService;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Follows every AsyncService with autoscaling: one timer per service, every pollingInterval, starting at a random
 * offset so polls spread over the interval. A tick hands the read to a bounded executor through a per-endpoint
 * queue that lets at most {@code maxReadsPerEndpoint} reads run per broker endpoint, each with a deadline, so a slow
 * or unreachable broker never delays the services of other brokers; a second executor applies the decision to
 * Kubernetes: the replicas and Events directly, the status by publishing it on the {@link ScaleStatusBoard} for the
 * reconciler to write. Before lowering replicas to 1 or more it runs the {@link ScaleInPreparation} (in the operator:
 * mark the idle Pods to go first).
 *
 * <p>{@link #track}/{@link #untrack} follow the AsyncServices (created, changed, deleted, autoscaling added or
 * removed); {@link #start}/{@link #stop} follow leadership. Services are remembered while stopped and polled from
 * {@link #start} on.
 */
public final class ScalerLoop implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ScalerLoop.class);

    private final BacklogReaderFactory readers;
    private final ScalerMetrics metrics;
    private final ScalerSettings settings;
    private final ScaleCycle cycle;
    private final EndpointQueues endpoints;
    private final ScaleStatusBoard statuses;
    private final Map<ServiceKey, TrackedService> tracked = new ConcurrentHashMap<>();
    private final ScheduledExecutorService timers;
    private final ExecutorService readExecutor;
    private final ExecutorService applyExecutor;
    private volatile boolean running;

    public ScalerLoop(BacklogReaderFactory readers, ReplicaStore replicas, ScaleInPreparation scaleIn,
                      CompletionCounters completions, ScaleStatusBoard statuses, ScaleEventRecorder events,
                      ScalerMetrics metrics, Clock clock, ScalerSettings settings) {
        this.readers = readers;
        this.statuses = statuses;
        this.metrics = metrics;
        this.settings = settings;
        this.cycle = new ScaleCycle(readers, replicas, scaleIn, completions, statuses, events, metrics,
                new ScalingPolicy(settings.failuresBeforeFallback()), clock);
        ScheduledThreadPoolExecutor timerPool = new ScheduledThreadPoolExecutor(1, daemon("scaler-timer"));
        timerPool.setRemoveOnCancelPolicy(true);
        this.timers = timerPool;
        // Unbounded on purpose: each service has at most one read queued or running, so the queue is bounded by the
        // number of services, and a read is never rejected while the loop runs.
        ThreadPoolExecutor reads = new ThreadPoolExecutor(settings.readThreads(), settings.readThreads(), 60, TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(), daemon("scaler-read"));
        ThreadPoolExecutor applies = new ThreadPoolExecutor(settings.applyThreads(), settings.applyThreads(), 60, TimeUnit.SECONDS,
                new ArrayBlockingQueue<>(10_000), daemon("scaler-apply"));
        metrics.queues(reads, applies);
        this.readExecutor = reads;
        this.applyExecutor = applies;
        this.endpoints = new EndpointQueues(settings.maxReadsPerEndpoint(), readExecutor);
    }

    /** Follows an AsyncService if it has autoscaling, and stops following it if it has not (any more). */
    public void reconcile(AsyncService service, String deploymentName) {
        ServiceKey key = ServiceKey.of(service);
        if (service.getMetadata().getDeletionTimestamp() != null || !ScaledService.isAutoscaled(service)) {
            untrack(key);
            return;
        }
        try {
            track(ScaledService.from(service, deploymentName));
        } catch (IllegalArgumentException e) {
            LOG.warn("{}: not scaling: {}", key, e.getMessage());
            untrack(key);
        }
    }

    /** Starts following a service, or takes its changed spec; a changed pollingInterval reschedules its timer. */
    public void track(ScaledService service) {
        TrackedService[] created = {null};
        TrackedService t = tracked.compute(service.key(), (k, existing) -> {
            if (existing == null) {
                created[0] = new TrackedService(service);
                return created[0];
            }
            existing.update(service);
            return existing;
        });
        if (created[0] != null) {
            LOG.info("{}: following the backlog every {}", service.key(), DurationText.of(service.rules().pollingInterval()));
        }
        if (running && !service.rules().pollingInterval().equals(t.scheduledInterval())) {
            schedule(t, service.rules().pollingInterval());
        }
    }

    /** Stops following a service (deleted, or autoscaling removed) and gives its broker client back. */
    public void untrack(ServiceKey key) {
        TrackedService t = tracked.remove(key);
        if (t != null) {
            t.retire();
            statuses.forget(key);
            metrics.forget(key);
            LOG.info("{}: no longer following the backlog", key);
        }
    }

    public void untrack(String namespace, String name) {
        untrack(new ServiceKey(namespace, name));
    }

    /** Leadership gained: polls every followed service, with a fresh history. */
    public synchronized void start() {
        if (running) {
            return;
        }
        running = true;
        tracked.forEach((key, t) -> {
            // Whatever this instance published before may have been overwritten by another leader's reconciler: the
            // first poll's status counts as a change, so the reconciler writes it.
            statuses.forget(key);
            t.requestReset();
            schedule(t, t.service().rules().pollingInterval());
        });
        LOG.info("Scaler started, following {} AsyncServices", tracked.size());
    }

    /** Leadership lost: stops polling and gives back every broker client; the services stay known. */
    public synchronized void stop() {
        if (!running) {
            return;
        }
        running = false;
        tracked.values().forEach(t -> {
            t.cancelTimer();
            t.dropReader();
        });
        LOG.info("Scaler stopped");
    }

    public boolean isRunning() {
        return running;
    }

    public boolean isTracking(ServiceKey key) {
        return tracked.containsKey(key);
    }

    public int trackedCount() {
        return tracked.size();
    }

    @Override
    public void close() {
        stop();
        tracked.keySet().forEach(this::untrack);
        timers.shutdownNow();
        readExecutor.shutdownNow();
        applyExecutor.shutdownNow();
    }

    private void schedule(TrackedService t, Duration interval) {
        long periodMs = Math.max(1, interval.toMillis());
        long jitterMs = ThreadLocalRandom.current().nextLong(periodMs);
        t.schedule(timers.scheduleAtFixedRate(() -> tick(t), jitterMs, periodMs, TimeUnit.MILLISECONDS), interval);
    }

    /** On the timer thread: hands the poll to its endpoint's queue, or skips it if the last one is running. */
    private void tick(TrackedService t) {
        if (!running) {
            return;
        }
        if (!t.beginPoll()) {
            if (!t.retired()) {
                metrics.pollSkipped("previous-poll-running");
            }
            return;
        }
        ScaledService service = t.service();
        String endpoint = readers.endpointOf(service);
        // The poll ends when both the read and the apply are done: a read that outlives its deadline is reported as a
        // timeout at once, but the service is not read again until that read has returned.
        AtomicInteger halvesLeft = new AtomicInteger(2);
        Runnable halfDone = () -> {
            if (halvesLeft.decrementAndGet() == 0) {
                t.endPoll();
            }
        };
        Duration deadline = settings.callTimeout().multipliedBy(2).plusSeconds(1);
        CompletableFuture<BacklogReading> reading = new CompletableFuture<>();
        try {
            endpoints.submit(endpoint, () -> {
                try {
                    if (!running || t.retired()) {
                        reading.complete(null);
                        return;
                    }
                    // The deadline counts from here, not from the tick: waiting behind a busy endpoint is no failure.
                    ScheduledFuture<?> timeout = timers.schedule(() -> reading.complete(BacklogReading.failed(
                            BacklogReadException.TIMEOUT, "no answer from " + endpoint + " within " + DurationText.of(deadline))),
                            deadline.toMillis(), TimeUnit.MILLISECONDS);
                    try {
                        t.resetIfRequested();
                        reading.complete(cycle.read(t, service));
                    } finally {
                        timeout.cancel(false);
                    }
                } catch (RuntimeException e) {
                    reading.completeExceptionally(e);
                } finally {
                    halfDone.run();
                }
            });
        } catch (RejectedExecutionException e) {
            metrics.pollSkipped("no-free-thread");
            t.endPoll();
            return;
        }
        reading.thenAcceptAsync(r -> {
                    if (r != null) {
                        applyIfRunning(t, service, r);
                    }
                }, applyExecutor)
                .whenComplete((ok, failure) -> {
                    if (failure != null) {
                        LOG.warn("{}: applying the scaling decision failed: {}", service.key(), failure.toString());
                    }
                    halfDone.run();
                });
    }

    private void applyIfRunning(TrackedService t, ScaledService service, BacklogReading reading) {
        if (running && !t.retired()) {
            cycle.apply(t, service, reading);
        }
    }

    private static java.util.concurrent.ThreadFactory daemon(String prefix) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread thread = new Thread(r, prefix + "-" + n.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }
}
