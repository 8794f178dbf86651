package io.asyncservice.sidecar.engine;

import io.asyncservice.sidecar.http.AppOutcome;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;

/**
 * The engine's metrics (Prometheus names in brackets): outcomes [asvc_messages_total{outcome}], processing time
 * [asvc_processing_seconds], in flight [asvc_in_flight], retries [asvc_retries_total], dead-lettered
 * [asvc_dead_lettered_total], app calls [asvc_app_requests_seconds{outcome}], output and dead-letter publish latency
 * [asvc_publish_seconds{queue,result}], failed settlements [asvc_settle_errors_total{action}] and receive errors
 * [asvc_receive_errors_total]. It also counts the successes exactly, as a long, for {@code /load}'s {@code succeeded}.
 */
public final class EngineMetrics {

    private final MeterRegistry registry;
    private final Map<Outcome, Counter> outcomes = new EnumMap<>(Outcome.class);
    private final Map<AppOutcome, Timer> appRequests = new EnumMap<>(AppOutcome.class);
    private final Map<String, Timer> publishTimers = new ConcurrentHashMap<>();
    private final Counter received;
    private final Counter retries;
    private final Counter deadLettered;
    private final Counter receiveErrors;
    private final Timer processing;
    private final LongAdder succeeded = new LongAdder();

    public EngineMetrics(MeterRegistry registry) {
        this.registry = registry;
        for (Outcome o : Outcome.values()) {
            outcomes.put(o, Counter.builder("asvc.messages").tag("outcome", o.tag())
                    .description("Deliveries finished, by outcome").register(registry));
        }
        for (AppOutcome o : AppOutcome.values()) {
            appRequests.put(o, Timer.builder("asvc.app.requests").tag("outcome", o.name().toLowerCase(Locale.ROOT))
                    .description("Calls to the app, by outcome").register(registry));
        }
        this.received = Counter.builder("asvc.received").description("Messages received from the input").register(registry);
        this.retries = Counter.builder("asvc.retries").description("Attempts scheduled after a retryable failure").register(registry);
        this.deadLettered = Counter.builder("asvc.dead.lettered").description("Messages written to the dead-letter queue")
                .register(registry);
        this.receiveErrors = Counter.builder("asvc.receive.errors").description("Failed receive calls").register(registry);
        this.processing = Timer.builder("asvc.processing")
                .description("From receipt to settlement (ack, release or reject)")
                .publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofMillis(1))
                .maximumExpectedValue(Duration.ofHours(1))
                .register(registry);
    }

    public void inFlightGauge(Supplier<Number> inFlight) {
        Gauge.builder("asvc.in.flight", inFlight).description("Messages in flight").register(registry);
    }

    void received(int n) {
        received.increment(n);
    }

    void outcome(Outcome outcome, long startNanos) {
        outcomes.get(outcome).increment();
        if (outcome == Outcome.SUCCESS) {
            succeeded.increment();
        }
        processing.record(System.nanoTime() - startNanos, TimeUnit.NANOSECONDS);
        if (outcome == Outcome.DEAD_LETTERED) {
            deadLettered.increment();
        }
    }

    void appCall(AppOutcome outcome, long nanos) {
        appRequests.get(outcome).record(nanos, TimeUnit.NANOSECONDS);
    }

    void retry() {
        retries.increment();
    }

    void receiveError() {
        receiveErrors.increment();
    }

    void publish(String queue, boolean ok, long nanos) {
        publishTimers.computeIfAbsent(queue + (ok ? ":ok" : ":error"), k -> Timer.builder("asvc.publish")
                .tag("queue", queue).tag("result", ok ? "ok" : "error")
                .description("Publishing to the output or dead-letter queue, until durably accepted")
                .publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofMillis(1))
                .maximumExpectedValue(Duration.ofMinutes(1))
                .register(registry)).record(nanos, TimeUnit.NANOSECONDS);
    }

    void settleError(String action) {
        registry.counter("asvc.settle.errors", "action", action).increment();
    }

    /** Deliveries finished with {@link Outcome#SUCCESS} since this object was made (i.e. since the sidecar started). */
    public long succeeded() {
        return succeeded.sum();
    }

    /** A count, for tests and logs. */
    public double count(Outcome outcome) {
        return outcomes.get(outcome).count();
    }
}
