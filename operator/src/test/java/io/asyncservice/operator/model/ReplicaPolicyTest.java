package io.asyncservice.operator.model;

import static org.assertj.core.api.Assertions.assertThat;

import io.asyncservice.api.v1alpha1.AsyncService;
import io.asyncservice.api.v1alpha1.AsyncServiceStatus;
import io.asyncservice.api.v1alpha1.AutoscalingSpec;
import io.asyncservice.operator.TestFixtures;
import org.junit.jupiter.api.Test;

class ReplicaPolicyTest {

    @Test
    void withoutAutoscalingTheSpecDecidesAndAHandEditIsOverruled() {
        AsyncService asvc = TestFixtures.sqs("ml", "s");
        asvc.getSpec().setReplicas(3);
        assertThat(ReplicaPolicy.replicas(asvc, null)).isEqualTo(3);
        assertThat(ReplicaPolicy.replicas(asvc, 9)).isEqualTo(3);

        asvc.getSpec().setReplicas(null);
        assertThat(ReplicaPolicy.replicas(asvc, 9)).isEqualTo(1);
    }

    @Test
    void withAutoscalingTheCurrentDeploymentsReplicasAreKept() {
        AsyncService asvc = TestFixtures.kafka("ml", "s");
        assertThat(ReplicaPolicy.replicas(asvc, 5)).isEqualTo(5);
        assertThat(ReplicaPolicy.replicas(asvc, 0)).isEqualTo(0);
    }

    @Test
    void withAutoscalingANewDeploymentStartsAtTheScalersLastDecisionElseMinReplicas() {
        AsyncService asvc = TestFixtures.kafka("ml", "s");
        asvc.getSpec().setAutoscaling(new AutoscalingSpec());
        assertThat(ReplicaPolicy.replicas(asvc, null)).isEqualTo(0);

        asvc.getSpec().getAutoscaling().setMinReplicas(2);
        assertThat(ReplicaPolicy.replicas(asvc, null)).isEqualTo(2);

        AsyncServiceStatus status = new AsyncServiceStatus();
        status.setDesiredReplicas(4);
        asvc.setStatus(status);
        assertThat(ReplicaPolicy.replicas(asvc, null)).isEqualTo(4);
    }
}
