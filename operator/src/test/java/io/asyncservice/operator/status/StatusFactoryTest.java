package io.asyncservice.operator.status;

import static org.assertj.core.api.Assertions.assertThat;

import io.asyncservice.api.v1alpha1.AsyncService;
import io.asyncservice.api.v1alpha1.AsyncServiceStatus;
import io.asyncservice.operator.TestFixtures;
import io.asyncservice.operator.scaling.ScaleStatus;
import io.asyncservice.operator.scaling.ScaleStatusBoard;
import io.asyncservice.operator.scaling.ServiceKey;
import io.asyncservice.operator.validation.ValidationProblem;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ConditionBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.assertj.core.groups.Tuple;
import org.junit.jupiter.api.Test;

class StatusFactoryTest {

    private static final Instant T0 = Instant.parse("2025-01-01T10:00:00Z");
    private static final Instant T1 = Instant.parse("2025-01-01T10:05:00Z");

    private static StatusFactory at(Instant now) {
        return new StatusFactory(Clock.fixed(now, ZoneOffset.UTC));
    }

    private static AsyncService asvc() {
        AsyncService asvc = TestFixtures.sqs("ml", "summarizer");
        asvc.getMetadata().setGeneration(3L);
        return asvc;
    }

    private static Deployment deployment(int replicas, Integer ready) {
        return new DeploymentBuilder().withNewSpec().withReplicas(replicas).endSpec()
                .withNewStatus().withReplicas(replicas).withReadyReplicas(ready).endStatus().build();
    }

    private static Condition condition(AsyncServiceStatus status, String type) {
        return Conditions.find(status.getConditions(), type).orElseThrow();
    }

    @Test
    void aReconciledServiceWithAReadyPodIsReadyAndReportsItsDeployment() {
        AsyncServiceStatus status = at(T0).reconciled(asvc(), deployment(2, 1));

        assertThat(status.getObservedGeneration()).isEqualTo(3L);
        assertThat(status.getReplicas()).isEqualTo(2);
        assertThat(status.getReadyReplicas()).isEqualTo(1);
        assertThat(status.getSelector()).isEqualTo("asyncservice.io/name=summarizer");
        assertThat(condition(status, "Valid").getStatus()).isEqualTo("True");
        Condition ready = condition(status, "Ready");
        assertThat(ready.getStatus()).isEqualTo("True");
        assertThat(ready.getReason()).isEqualTo("Available");
        assertThat(ready.getMessage()).isEqualTo("1 of 2 replicas are ready");
        assertThat(ready.getObservedGeneration()).isEqualTo(3L);
        assertThat(ready.getLastTransitionTime()).isEqualTo("2025-01-01T10:00:00Z");
    }

    @Test
    void withoutReadyPodsItIsProgressingAndWithZeroReplicasItIsReadyAsScaledToZero() {
        Condition waiting = condition(at(T0).reconciled(asvc(), deployment(2, null)), "Ready");
        assertThat(waiting.getStatus()).isEqualTo("False");
        assertThat(waiting.getReason()).isEqualTo("Progressing");

        AsyncService autoscaled = TestFixtures.kafka("ml", "summarizer");
        Condition zero = condition(at(T0).reconciled(autoscaled, deployment(0, null)), "Ready");
        assertThat(zero.getStatus()).isEqualTo("True");
        assertThat(zero.getReason()).isEqualTo("ScaledToZero");
        assertThat(zero.getMessage()).contains("the scaler starts pods when the backlog grows");
    }

    @Test
    void anInvalidSpecIsNotValidAndNotReadyWithEveryProblemInTheMessage() {
        List<ValidationProblem> problems = List.of(
                new ValidationProblem("SecretNotFound", "Secret 'x' does not exist"),
                new ValidationProblem("InvalidDuration", "spec.endpoint.timeout: 'soon' is not a duration"));

        AsyncServiceStatus status = at(T0).invalid(asvc(), problems, null);

        Condition valid = condition(status, "Valid");
        assertThat(valid.getStatus()).isEqualTo("False");
        assertThat(valid.getReason()).isEqualTo("SecretNotFound");
        assertThat(valid.getMessage()).isEqualTo(
                "1) Secret 'x' does not exist; 2) spec.endpoint.timeout: 'soon' is not a duration");
        Condition ready = condition(status, "Ready");
        assertThat(ready.getStatus()).isEqualTo("False");
        assertThat(ready.getReason()).isEqualTo("InvalidSpec");
        assertThat(ready.getMessage()).contains("no Deployment was created");
        assertThat(status.getObservedGeneration()).isEqualTo(3L);
    }

    @Test
    void theTransitionTimeMovesOnlyWhenTheStatusChanges() {
        AsyncService asvc = asvc();
        asvc.setStatus(at(T0).reconciled(asvc, deployment(2, 1)));

        AsyncServiceStatus same = at(T1).reconciled(asvc, deployment(2, 2));
        assertThat(condition(same, "Ready").getLastTransitionTime()).isEqualTo("2025-01-01T10:00:00Z");
        assertThat(condition(same, "Ready").getMessage()).isEqualTo("2 of 2 replicas are ready");

        AsyncServiceStatus changed = at(T1).reconciled(asvc, deployment(2, 0));
        assertThat(condition(changed, "Ready").getLastTransitionTime()).isEqualTo("2025-01-01T10:05:00Z");
    }

    @Test
    void theScalersFieldsAndConditionsAreCarriedOver() {
        AsyncService asvc = asvc();
        AsyncServiceStatus scaler = new AsyncServiceStatus();
        scaler.setDesiredReplicas(4);
        scaler.setBacklog(37L);
        scaler.setLastScaleTime("2025-01-01T09:59:00Z");
        scaler.setConditions(new ArrayList<>(List.of(new ConditionBuilder().withType("BacklogAvailable")
                .withStatus("True").withReason("BacklogRead").build())));
        asvc.setStatus(scaler);

        AsyncServiceStatus status = at(T0).reconciled(asvc, deployment(4, 4));

        assertThat(status.getDesiredReplicas()).isEqualTo(4);
        assertThat(status.getBacklog()).isEqualTo(37L);
        assertThat(status.getLastScaleTime()).isEqualTo("2025-01-01T09:59:00Z");
        assertThat(status.getConditions()).extracting(Condition::getType)
                .containsExactly("BacklogAvailable", "Valid", "Ready");
        assertThat(asvc.getStatus().getConditions()).as("the current status is not changed").hasSize(1);
    }

    @Test
    void aFailedReconcileKeepsTheObservedGenerationAndSaysWhy() {
        AsyncService asvc = asvc();
        asvc.setStatus(at(T0).reconciled(asvc, deployment(1, 1)));
        asvc.getMetadata().setGeneration(4L);

        AsyncServiceStatus status = at(T1).failed(asvc, List.of(), "reconcile failed, will retry: connection refused");

        assertThat(status.getObservedGeneration()).isEqualTo(3L);
        Condition ready = condition(status, "Ready");
        assertThat(ready.getStatus()).isEqualTo("False");
        assertThat(ready.getReason()).isEqualTo("ReconcileFailed");
        assertThat(ready.getMessage()).isEqualTo("reconcile failed, will retry: connection refused");
        assertThat(condition(status, "Valid").getStatus()).isEqualTo("True");
    }

    @Test
    void theScalersLatestStatusIsMergedIntoTheStatusTheReconcilerWrites() {
        ScaleStatusBoard board = new ScaleStatusBoard();
        AsyncService asvc = asvc();
        ServiceKey key = ServiceKey.of(asvc);
        board.publish(key, new ScaleStatus(27L, 3, Instant.parse("2025-01-01T09:58:30.456Z"), true,
                ScaleStatus.READ_REASON, "Backlog 27 read from the sqs input"));

        AsyncServiceStatus first = new StatusFactory(Clock.fixed(T0, ZoneOffset.UTC), board).reconciled(asvc, deployment(3, 0));

        assertThat(first.getBacklog()).isEqualTo(27L);
        assertThat(first.getDesiredReplicas()).isEqualTo(3);
        assertThat(first.getLastScaleTime()).isEqualTo("2025-01-01T09:58:30Z");
        assertThat(first.getConditions()).extracting("type", "status", "reason", "message").containsExactly(
                Tuple.tuple("Valid", "True", "SpecValid", "the spec is valid"),
                Tuple.tuple("Ready", "False", "Progressing", "waiting for pods: 0 of 3 replicas are ready"),
                Tuple.tuple("BacklogAvailable", "True", "BacklogRead", "Backlog 27 read from the sqs input"));
        assertThat(condition(first, "BacklogAvailable").getLastTransitionTime()).isEqualTo("2025-01-01T10:00:00Z");
        assertThat(condition(first, "BacklogAvailable").getObservedGeneration()).isEqualTo(3L);
        asvc.setStatus(first);

        // The backlog moves, the condition's status does not: its transition time stays.
        board.publish(key, new ScaleStatus(12L, 2, Instant.parse("2025-01-01T10:04:00Z"), true,
                ScaleStatus.READ_REASON, "Backlog 12 read from the sqs input"));
        AsyncServiceStatus second = new StatusFactory(Clock.fixed(T1, ZoneOffset.UTC), board).reconciled(asvc, deployment(2, 2));
        assertThat(second.getBacklog()).isEqualTo(12L);
        assertThat(second.getDesiredReplicas()).isEqualTo(2);
        assertThat(second.getLastScaleTime()).isEqualTo("2025-01-01T10:04:00Z");
        assertThat(condition(second, "BacklogAvailable").getMessage()).isEqualTo("Backlog 12 read from the sqs input");
        assertThat(condition(second, "BacklogAvailable").getLastTransitionTime()).isEqualTo("2025-01-01T10:00:00Z");
        asvc.setStatus(second);

        // The broker becomes unreachable: the condition turns False with the scaler's reason, and only now moves.
        Instant t2 = Instant.parse("2025-01-01T10:07:00Z");
        board.publish(key, new ScaleStatus(12L, 2, Instant.parse("2025-01-01T10:04:00Z"), false, "Unreachable",
                "connection refused"));
        AsyncServiceStatus third = new StatusFactory(Clock.fixed(t2, ZoneOffset.UTC), board).reconciled(asvc, deployment(2, 2));
        Condition unavailable = condition(third, "BacklogAvailable");
        assertThat(unavailable.getStatus()).isEqualTo("False");
        assertThat(unavailable.getReason()).isEqualTo("Unreachable");
        assertThat(unavailable.getMessage()).isEqualTo("connection refused");
        assertThat(unavailable.getLastTransitionTime()).isEqualTo("2025-01-01T10:07:00Z");
        assertThat(third.getBacklog()).as("the last backlog read is kept").isEqualTo(12L);
        assertThat(third.getConditions()).as("one condition per type").hasSize(3);
    }

    @Test
    void theInvalidAndFailedPathsCarryTheScalersStatusToo() {
        ScaleStatusBoard board = new ScaleStatusBoard();
        AsyncService asvc = asvc();
        board.publish(ServiceKey.of(asvc), new ScaleStatus(5L, 1, null, true, ScaleStatus.READ_REASON,
                "Backlog 5 read from the sqs input"));
        StatusFactory statuses = new StatusFactory(Clock.fixed(T0, ZoneOffset.UTC), board);

        AsyncServiceStatus invalid = statuses.invalid(asvc,
                List.of(new ValidationProblem("EndpointContainerNotFound", "no container 'web'")), deployment(1, 1));
        AsyncServiceStatus failed = statuses.failed(asvc, List.of(), "reconcile failed, will retry: connection refused");

        for (AsyncServiceStatus status : List.of(invalid, failed)) {
            assertThat(status.getBacklog()).isEqualTo(5L);
            assertThat(status.getDesiredReplicas()).isEqualTo(1);
            assertThat(status.getLastScaleTime()).as("never scaled").isNull();
            assertThat(condition(status, "BacklogAvailable").getStatus()).isEqualTo("True");
            assertThat(condition(status, "Ready").getStatus()).isEqualTo("False");
        }
    }

    @Test
    void withoutAPublicationTheScalersFieldsStayAsTheResourceHasThem() {
        AsyncService asvc = asvc();
        AsyncServiceStatus written = new AsyncServiceStatus();
        written.setBacklog(9L);
        written.setDesiredReplicas(1);
        written.setConditions(new ArrayList<>(List.of(new ConditionBuilder().withType("BacklogAvailable")
                .withStatus("False").withReason("Unreachable").withMessage("connection refused")
                .withLastTransitionTime("2025-01-01T09:00:00Z").build())));
        asvc.setStatus(written);

        // E.g. just after a restart, before the scaler's first poll.
        AsyncServiceStatus status = new StatusFactory(Clock.fixed(T0, ZoneOffset.UTC), new ScaleStatusBoard())
                .reconciled(asvc, deployment(1, 1));

        assertThat(status.getBacklog()).isEqualTo(9L);
        assertThat(condition(status, "BacklogAvailable")).satisfies(c -> {
            assertThat(c.getStatus()).isEqualTo("False");
            assertThat(c.getReason()).isEqualTo("Unreachable");
            assertThat(c.getLastTransitionTime()).isEqualTo("2025-01-01T09:00:00Z");
        });
    }
}
