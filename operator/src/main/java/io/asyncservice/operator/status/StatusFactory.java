package io.asyncservice.operator.status;

import io.asyncservice.api.v1alpha1.AsyncService;
import io.asyncservice.api.v1alpha1.AsyncServiceStatus;
import io.asyncservice.operator.model.PodSelector;
import io.asyncservice.operator.model.ReplicaPolicy;
import io.asyncservice.operator.scaling.ScaleStatus;
import io.asyncservice.operator.scaling.ScaleStatusBoard;
import io.asyncservice.operator.scaling.ServiceKey;
import io.asyncservice.operator.validation.ValidationProblem;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * The next status of an AsyncService, computed from the current one; the reconciler, which patches it, is the only
 * writer of the status. The scaler's fields (backlog, desiredReplicas, lastScaleTime and the BacklogAvailable
 * condition) come from its latest publication on the {@link ScaleStatusBoard}, on every path (reconciled, invalid,
 * failed), so they never flap; before the scaler's first poll (e.g. after a restart) they are carried over as the
 * resource has them.
 */
public final class StatusFactory {

    private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

    private final Clock clock;
    private final ScaleStatusBoard scaler;

    /** Without a scaler: its fields are carried over as they are. */
    public StatusFactory(Clock clock) {
        this(clock, new ScaleStatusBoard());
    }

    public StatusFactory(Clock clock, ScaleStatusBoard scaler) {
        this.clock = clock;
        this.scaler = scaler;
    }

    /** The Deployment was rendered and applied; Ready follows its pods. */
    public AsyncServiceStatus reconciled(AsyncService asvc, Deployment deployment) {
        AsyncServiceStatus status = observed(asvc, deployment);
        Instant now = clock.instant();
        Long generation = asvc.getMetadata().getGeneration();
        setValid(status, List.of(), generation, now);
        int wanted = wantedReplicas(deployment);
        int ready = status.getReadyReplicas();
        if (wanted == 0) {
            String why = ReplicaPolicy.scalerOwnsReplicas(asvc.getSpec())
                    ? "scaled to zero: the scaler starts pods when the backlog grows" : "spec.replicas is 0";
            Conditions.set(status.getConditions(), Conditions.READY, true, Conditions.REASON_SCALED_TO_ZERO, why,
                    generation, now);
        } else if (ready >= 1) {
            Conditions.set(status.getConditions(), Conditions.READY, true, Conditions.REASON_AVAILABLE,
                    ready + " of " + wanted + " replicas are ready", generation, now);
        } else {
            Conditions.set(status.getConditions(), Conditions.READY, false, Conditions.REASON_PROGRESSING,
                    "waiting for pods: 0 of " + wanted + " replicas are ready", generation, now);
        }
        withScalerStatus(asvc, status, generation, now);
        return status;
    }

    /** The spec is invalid; the Deployment, if there is one, keeps running the last valid spec. */
    public AsyncServiceStatus invalid(AsyncService asvc, List<ValidationProblem> problems, Deployment current) {
        AsyncServiceStatus status = observed(asvc, current);
        Instant now = clock.instant();
        Long generation = asvc.getMetadata().getGeneration();
        setValid(status, problems, generation, now);
        String ready = current == null
                ? "the spec is invalid (see the Valid condition), so no Deployment was created"
                : "the spec is invalid (see the Valid condition); the Deployment keeps running the last valid spec";
        Conditions.set(status.getConditions(), Conditions.READY, false, Conditions.REASON_INVALID_SPEC, ready,
                generation, now);
        withScalerStatus(asvc, status, generation, now);
        return status;
    }

    /**
     * Reconciling failed, e.g. the API server refused a write. Ready says why; Valid still reports the spec's
     * problems, if any; observedGeneration stays where it was, since this generation was not acted on.
     */
    public AsyncServiceStatus failed(AsyncService asvc, List<ValidationProblem> problems, String message) {
        AsyncServiceStatus status = copy(asvc.getStatus());
        Instant now = clock.instant();
        Long generation = asvc.getMetadata().getGeneration();
        setValid(status, problems, generation, now);
        Conditions.set(status.getConditions(), Conditions.READY, false, Conditions.REASON_RECONCILE_FAILED, message,
                generation, now);
        withScalerStatus(asvc, status, generation, now);
        return status;
    }

    /** Puts the scaler's latest publication, if it has one for this service, into {@code status}. */
    private void withScalerStatus(AsyncService asvc, AsyncServiceStatus status, Long generation, Instant now) {
        ScaleStatus latest = scaler.latest(ServiceKey.of(asvc)).orElse(null);
        if (latest == null) {
            return;
        }
        if (latest.backlog() != null) {
            status.setBacklog(latest.backlog());
        }
        status.setDesiredReplicas(latest.desiredReplicas());
        if (latest.lastScaleTime() != null) {
            status.setLastScaleTime(latest.lastScaleTime().truncatedTo(ChronoUnit.SECONDS).toString());
        }
        Conditions.set(status.getConditions(), ScaleStatus.CONDITION_TYPE, latest.backlogAvailable(), latest.reason(),
                latest.message(), generation, now);
    }

    private static void setValid(AsyncServiceStatus status, List<ValidationProblem> problems, Long generation,
            Instant now) {
        if (problems.isEmpty()) {
            Conditions.set(status.getConditions(), Conditions.VALID, true, Conditions.REASON_SPEC_VALID,
                    "the spec is valid", generation, now);
        } else {
            Conditions.set(status.getConditions(), Conditions.VALID, false, problems.get(0).reason(),
                    message(problems), generation, now);
        }
    }

    private static AsyncServiceStatus observed(AsyncService asvc, Deployment deployment) {
        AsyncServiceStatus status = copy(asvc.getStatus());
        status.setObservedGeneration(asvc.getMetadata().getGeneration());
        // The scale subresource reports the pods the Deployment really selects, also when an older operator made it.
        status.setSelector(PodSelector.kept(asvc, deployment).asString());
        var deploymentStatus = deployment == null ? null : deployment.getStatus();
        status.setReplicas(deploymentStatus == null || deploymentStatus.getReplicas() == null
                ? 0 : deploymentStatus.getReplicas());
        status.setReadyReplicas(deploymentStatus == null || deploymentStatus.getReadyReplicas() == null
                ? 0 : deploymentStatus.getReadyReplicas());
        return status;
    }

    private static int wantedReplicas(Deployment deployment) {
        Integer replicas = deployment.getSpec() == null ? null : deployment.getSpec().getReplicas();
        return replicas == null ? 1 : replicas;
    }

    private static String message(List<ValidationProblem> problems) {
        if (problems.size() == 1) {
            return problems.get(0).message();
        }
        return IntStream.range(0, problems.size())
                .mapToObj(i -> (i + 1) + ") " + problems.get(i).message())
                .collect(Collectors.joining("; "));
    }

    private static AsyncServiceStatus copy(AsyncServiceStatus status) {
        AsyncServiceStatus copy = status == null ? new AsyncServiceStatus() : SERIALIZATION.clone(status);
        copy.setConditions(copy.getConditions() == null ? new ArrayList<>() : new ArrayList<>(copy.getConditions()));
        return copy;
    }
}
