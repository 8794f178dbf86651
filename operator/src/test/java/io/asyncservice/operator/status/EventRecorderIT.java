package io.asyncservice.operator.status;

import static org.assertj.core.api.Assertions.assertThat;

import io.asyncservice.api.v1alpha1.AsyncService;
import io.asyncservice.operator.MockCluster;
import io.asyncservice.operator.TestFixtures;
import io.fabric8.kubernetes.api.model.Event;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Events as kubectl describe shows them, written to the mock API server. */
class EventRecorderIT {

    private static MockCluster cluster;

    @BeforeAll
    static void start() {
        cluster = MockCluster.start(0);
    }

    @AfterAll
    static void stop() {
        cluster.close();
    }

    @Test
    void aRepeatedEventIsCountedAndADifferentOneIsAdded() {
        AsyncService asvc = cluster.client().resource(TestFixtures.sqs("events", "summarizer")).create();
        EventRecorder first = new EventRecorder(cluster.client(),
                Clock.fixed(Instant.parse("2025-01-01T10:00:00Z"), ZoneOffset.UTC));
        EventRecorder later = new EventRecorder(cluster.client(),
                Clock.fixed(Instant.parse("2025-01-01T10:07:00Z"), ZoneOffset.UTC));

        first.warning(asvc, "SecretNotFound", "Secret 'sqs-credentials' does not exist");
        later.warning(asvc, "SecretNotFound", "Secret 'sqs-credentials' does not exist");
        later.normal(asvc, "DeploymentCreated", "created Deployment summarizer");

        List<Event> events = cluster.client().v1().events().inNamespace("events").list().getItems();
        assertThat(events).hasSize(2);
        Event warning = events.stream().filter(e -> e.getType().equals("Warning")).findFirst().orElseThrow();
        assertThat(warning.getReason()).isEqualTo("SecretNotFound");
        assertThat(warning.getMessage()).isEqualTo("Secret 'sqs-credentials' does not exist");
        assertThat(warning.getCount()).isEqualTo(2);
        assertThat(warning.getFirstTimestamp()).isEqualTo("2025-01-01T10:00:00Z");
        assertThat(warning.getLastTimestamp()).isEqualTo("2025-01-01T10:07:00Z");
        assertThat(warning.getInvolvedObject().getKind()).isEqualTo("AsyncService");
        assertThat(warning.getInvolvedObject().getUid()).isEqualTo(asvc.getMetadata().getUid());
        assertThat(warning.getSource().getComponent()).isEqualTo("async-service-operator");
    }
}
