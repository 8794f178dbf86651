package io.asyncservice.operator.scaling;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The scaler's metrics: backlog, desired replicas and whether the backlog could be read (the BacklogAvailable
 * condition as 1 or 0) per AsyncService (tags namespace, name), read latency and errors per broker kind, and skipped
 * polls. Per-service gauges are removed when the service is untracked.
 */
public final class ScalerMetrics {

    static final String BACKLOG = "asyncservice.scaler.backlog";
    static final String DESIRED = "asyncservice.scaler.desired.replicas";
    static final String AVAILABLE = "asyncservice.scaler.backlog.available";
    static final String READS = "asyncservice.scaler.backlog.reads";
    static final String READ_ERRORS = "asyncservice.scaler.backlog.read.errors";
    static final String SKIPPED = "asyncservice.scaler.polls.skipped";
    static final String QUEUED = "asyncservice.scaler.queued";

    private final MeterRegistry registry;
    private final Map<ServiceKey, ServiceGauges> gauges = new ConcurrentHashMap<>();

    private record ServiceGauges(AtomicLong backlog, AtomicLong desired, AtomicLong available, List<Meter> meters) {
    }

    public ScalerMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    /** The work waiting: reads queued for a reader thread, decisions queued for the Kubernetes API. */
    public void queues(ThreadPoolExecutor reads, ThreadPoolExecutor applies) {
        Gauge.builder(QUEUED, reads, e -> e.getQueue().size()).description("Work waiting for a thread")
                .tag("stage", "read").register(registry);
        Gauge.builder(QUEUED, applies, e -> e.getQueue().size()).description("Work waiting for a thread")
                .tag("stage", "apply").register(registry);
    }

    /** A read that reached the broker, successful or not, and how long it took. */
    public void read(String brokerKind, Duration latency) {
        Timer.builder(READS).description("Backlog reads and their latency, per broker kind").tag("broker", brokerKind)
                .register(registry).record(latency);
    }

    public void readFailed(String brokerKind, String reason) {
        Counter.builder(READ_ERRORS).description("Failed backlog reads, per broker kind and reason")
                .tags("broker", brokerKind, "reason", reason).register(registry).increment();
    }

    public void pollSkipped(String cause) {
        Counter.builder(SKIPPED).description("Polls skipped: the previous one still running, the endpoint busy, or no free thread")
                .tag("cause", cause).register(registry).increment();
    }

    public void backlog(ServiceKey key, long backlog) {
        gaugesOf(key).backlog().set(backlog);
    }

    public void desiredReplicas(ServiceKey key, int desired) {
        gaugesOf(key).desired().set(desired);
    }

    /** Whether the last read succeeded: 1, or 0 while the BacklogAvailable condition is False. */
    public void backlogAvailable(ServiceKey key, boolean available) {
        gaugesOf(key).available().set(available ? 1 : 0);
    }

    /** Removes the gauges of a service that is no longer followed. */
    public void forget(ServiceKey key) {
        ServiceGauges removed = gauges.remove(key);
        if (removed != null) {
            removed.meters().forEach(registry::remove);
        }
    }

    private ServiceGauges gaugesOf(ServiceKey key) {
        return gauges.computeIfAbsent(key, k -> {
            Tags tags = Tags.of("namespace", k.namespace(), "name", k.name());
            AtomicLong backlog = new AtomicLong();
            AtomicLong desired = new AtomicLong();
            AtomicLong available = new AtomicLong(1);
            Meter b = Gauge.builder(BACKLOG, backlog, AtomicLong::get).description("The input backlog at the last successful read")
                    .tags(tags).strongReference(true).register(registry);
            Meter d = Gauge.builder(DESIRED, desired, AtomicLong::get).description("The replicas the scaler wants")
                    .tags(tags).strongReference(true).register(registry);
            Meter a = Gauge.builder(AVAILABLE, available, AtomicLong::get)
                    .description("1 if the last backlog read succeeded, 0 while BacklogAvailable is False")
                    .tags(tags).strongReference(true).register(registry);
            return new ServiceGauges(backlog, desired, available, List.of(b, d, a));
        });
    }
}
