package io.asyncservice.operator.scaling;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One poll of one AsyncService, in two halves that run on different executors: {@link #read} asks the broker,
 * {@link #apply} runs the policy, writes the replicas and Events, and publishes the scaler's status on the
 * {@link ScaleStatusBoard}, from which the reconciler writes it. Before it lowers the replicas to a count of at least
 * 1, it lets the {@link ScaleInPreparation} mark which Pods should go (the idle ones).
 */
final class ScaleCycle {

    private static final Logger LOG = LoggerFactory.getLogger(ScaleCycle.class);

    private final BacklogReaderFactory readers;
    private final ReplicaStore replicas;
    private final ScaleInPreparation scaleIn;
    private final CompletionCounters completions;
    private final ScaleStatusBoard statuses;
    private final ScaleEventRecorder events;
    private final ScalerMetrics metrics;
    private final ScalingPolicy policy;
    private final Clock clock;

    ScaleCycle(BacklogReaderFactory readers, ReplicaStore replicas, ScaleInPreparation scaleIn, CompletionCounters completions,
               ScaleStatusBoard statuses, ScaleEventRecorder events, ScalerMetrics metrics, ScalingPolicy policy, Clock clock) {
        this.readers = readers;
        this.replicas = replicas;
        this.scaleIn = scaleIn;
        this.completions = completions;
        this.statuses = statuses;
        this.events = events;
        this.metrics = metrics;
        this.policy = policy;
        this.clock = clock;
    }

    /** Reads the backlog, opening the reader first if needed. Never throws. */
    BacklogReading read(TrackedService tracked, ScaledService service) {
        String broker = service.input().kind().fieldName();
        BacklogReader reader = tracked.reader();
        try {
            if (reader == null) {
                reader = readers.open(service);
                tracked.reader(reader);
            }
        } catch (BacklogReadException e) {
            metrics.readFailed(broker, e.reason());
            return BacklogReading.failed(e);
        } catch (RuntimeException e) {
            metrics.readFailed(broker, BacklogReadException.READ_FAILED);
            return BacklogReading.failed(BacklogReadException.READ_FAILED, "could not open a " + broker + " reader: " + e);
        }
        long start = System.nanoTime();
        try {
            Backlog backlog = reader.read();
            metrics.read(broker, Duration.ofNanos(System.nanoTime() - start));
            sampleCompletions(tracked, service);
            return BacklogReading.of(backlog);
        } catch (BacklogReadException e) {
            metrics.read(broker, Duration.ofNanos(System.nanoTime() - start));
            metrics.readFailed(broker, e.reason());
            tracked.closeReaderAfterFailure();
            return BacklogReading.failed(e);
        } catch (RuntimeException e) {
            metrics.read(broker, Duration.ofNanos(System.nanoTime() - start));
            metrics.readFailed(broker, BacklogReadException.READ_FAILED);
            tracked.closeReaderAfterFailure();
            return BacklogReading.failed(BacklogReadException.READ_FAILED, broker + " read failed: " + e);
        }
    }

    /** Decides and applies. Kubernetes failures are logged; the next poll decides again from what is there. */
    void apply(TrackedService tracked, ScaledService service, BacklogReading reading) {
        OptionalInt current = replicas.read(service);
        if (current.isEmpty()) {
            LOG.debug("{}: Deployment {} not found yet, nothing to scale", service.key(), service.deploymentName());
            return;
        }
        Instant now = clock.instant();
        OptionalDouble rate = service.rules().targetDrainTime().isPresent()
                ? tracked.completionRate(service.rules()).perReplicaPerSecond(now) : OptionalDouble.empty();
        ScalingDecision decision = policy.decide(reading, current.getAsInt(), now, service.rules(), service.pausedReplicas(),
                tracked.history, rate);
        tracked.history = decision.history();
        if (decision.changed()) {
            tracked.lastScaleTime = now;
        }
        // Published first, so that the reconcile the replica change causes finds it already.
        publishStatus(tracked, service, reading, decision);
        if (decision.changed()) {
            prepareScaleIn(service, current.getAsInt(), decision.desiredReplicas());
            replicas.write(service, decision.desiredReplicas());
            LOG.info("{}: {}", service.key(), decision.reason());
            events.normal(service, ScaleEventRecorder.SCALED, decision.reason());
        }
        metrics.desiredReplicas(service.key(), decision.desiredReplicas());
        recordAvailability(tracked, service, reading, decision);
    }

    /**
     * For a targetDrainTime: this poll's success counter of every sidecar that answered, as samples of the service's
     * completion rate. A failure leaves this poll without samples; the rate then rests on the earlier ones.
     */
    private void sampleCompletions(TrackedService tracked, ScaledService service) {
        if (service.rules().targetDrainTime().isEmpty()) {
            return;
        }
        try {
            Map<String, Long> counters = completions.succeededByPod(service);
            Instant at = clock.instant();
            List<CompletionRate.Sample> samples = new ArrayList<>(counters.size());
            counters.forEach((pod, succeeded) -> samples.add(new CompletionRate.Sample(at, pod, succeeded)));
            tracked.completionRate(service.rules()).record(samples);
        } catch (RuntimeException e) {
            LOG.debug("{}: could not read the sidecars' success counters: {}", service.key(), e.toString());
        }
    }

    /** To zero every Pod goes, so only a scale-in to 1 or more chooses; whatever happens, the replicas are written next. */
    private void prepareScaleIn(ScaledService service, int from, int to) {
        if (to < 1 || to >= from) {
            return;
        }
        try {
            scaleIn.beforeScaleIn(service, from, to);
        } catch (RuntimeException e) {
            LOG.warn("{}: choosing the pods to remove failed, scaling in from {} to {} anyway: {}", service.key(), from, to,
                    e.toString());
        }
    }

    private void recordAvailability(TrackedService tracked, ScaledService service, BacklogReading reading, ScalingDecision decision) {
        metrics.backlogAvailable(service.key(), reading instanceof BacklogReading.Available);
        if (reading instanceof BacklogReading.Unavailable failure) {
            if (!failure.reason().equals(tracked.failingReason)) {
                LOG.warn("{}: cannot read the backlog ({}): {}", service.key(), failure.reason(), failure.message());
                events.warning(service, ScaleEventRecorder.BACKLOG_UNAVAILABLE, "Cannot read the backlog (" + failure.reason() + "): "
                        + failure.message() + ". " + decision.reason());
                tracked.failingReason = failure.reason();
            }
        } else {
            long backlog = ((BacklogReading.Available) reading).backlog().messages();
            metrics.backlog(service.key(), backlog);
            if (tracked.failingReason != null) {
                LOG.info("{}: the backlog is readable again: {}", service.key(), backlog);
                events.normal(service, ScaleEventRecorder.BACKLOG_AVAILABLE, "The backlog is readable again: " + backlog);
                tracked.failingReason = null;
            }
            tracked.lastBacklog = backlog;
        }
    }

    private void publishStatus(TrackedService tracked, ScaledService service, BacklogReading reading, ScalingDecision decision) {
        ScaleStatus next;
        if (reading instanceof BacklogReading.Unavailable failure) {
            next = new ScaleStatus(tracked.lastBacklog, decision.desiredReplicas(), tracked.lastScaleTime, false, failure.reason(),
                    failure.message());
        } else {
            long backlog = ((BacklogReading.Available) reading).backlog().messages();
            next = new ScaleStatus(backlog, decision.desiredReplicas(), tracked.lastScaleTime, true, ScaleStatus.READ_REASON,
                    "Backlog " + backlog + " read from the " + service.input().kind().fieldName() + " input");
        }
        // The board keeps it and asks for a reconcile only when it changed.
        statuses.publish(service.key(), next);
        if (tracked.retired()) {
            // Untracked while this poll ran: the loop forgot the service after retiring it, maybe before this publication.
            statuses.forget(service.key());
        }
    }
}
