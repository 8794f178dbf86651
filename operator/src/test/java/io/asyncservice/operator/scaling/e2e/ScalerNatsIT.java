package io.asyncservice.operator.scaling.e2e;

import static io.asyncservice.operator.TestAsyncServiceBuilder.asyncService;
import static io.asyncservice.operator.TestAsyncServiceBuilder.clusterAutoscaling;
import static io.asyncservice.operator.TestAsyncServiceBuilder.nats;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.asyncservice.api.v1alpha1.AsyncService;
import io.asyncservice.api.v1alpha1.NatsSpec;
import io.asyncservice.operator.cluster.TestNamespace;
import io.asyncservice.testing.FreePorts;
import io.asyncservice.testing.LocalNats;
import io.asyncservice.testing.UniqueNames;
import io.fabric8.kubernetes.api.model.Event;
import io.nats.client.Connection;
import io.nats.client.JetStream;
import io.nats.client.JetStreamSubscription;
import io.nats.client.Message;
import io.nats.client.PullSubscribeOptions;
import io.nats.client.api.AckPolicy;
import io.nats.client.api.ConsumerConfiguration;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The scaler on a real API server against the machine's NATS JetStream: pending plus ack-pending. */
class ScalerNatsIT {

    private static final Duration AWAIT = Duration.ofSeconds(30);

    private static ScalerCluster cluster;
    private static Connection nats;

    private TestNamespace ns;

    @BeforeAll
    static void start() {
        cluster = ScalerCluster.start();
        nats = LocalNats.connect();
    }

    @AfterAll
    static void stop() throws InterruptedException {
        if (cluster != null) {
            cluster.close();
        }
        nats.close();
    }

    @BeforeEach
    void namespace() {
        ns = cluster.namespace("scaler-nats");
    }

    @AfterEach
    void deleteNamespace() {
        if (ns != null) {
            ns.close();
        }
    }

    @Test
    void followsPendingAndAckPendingFromZeroToThreeAndBack() throws Exception {
        String stream = UniqueNames.of("it-scaler");
        String subject = stream + ".jobs";
        LocalNats.createStream(nats, stream, subject);
        nats.jetStreamManagement().addOrUpdateConsumer(stream, ConsumerConfiguration.builder().durable("workers")
                .ackPolicy(AckPolicy.Explicit).filterSubject(subject).ackWait(Duration.ofMinutes(2)).build());
        try {
            cluster.create(service("jobs", LocalNats.URL, stream, Map.of()), Map.of());
            await().atMost(AWAIT).until(() -> Integer.valueOf(0).equals(cluster.replicas(ns.name(), "jobs")));

            JetStream js = nats.jetStream();
            for (int i = 0; i < 25; i++) {
                js.publish(subject, ("job " + i).getBytes());
            }
            await().atMost(AWAIT).until(() -> Integer.valueOf(3).equals(cluster.replicas(ns.name(), "jobs")));
            await().atMost(AWAIT).untilAsserted(() -> assertThat(cluster.events(ns.name(), "jobs", "Scaled")).extracting(Event::getMessage)
                    .anyMatch(m -> m.matches("Scaled from [0-2] to 3: backlog 2[1-5], target 10 per replica")));

            JetStreamSubscription sub = js.subscribe(subject, PullSubscribeOptions.bind(stream, "workers"));
            List<Message> received = new ArrayList<>();
            await().atMost(AWAIT).until(() -> {
                received.addAll(sub.fetch(25 - received.size(), Duration.ofSeconds(1)));
                return received.size() == 25;
            });
            received.subList(0, 23).forEach(Message::ack);
            nats.flush(Duration.ofSeconds(2));
            await().atMost(AWAIT).until(() -> Integer.valueOf(1).equals(cluster.replicas(ns.name(), "jobs")));
            await().during(Duration.ofSeconds(3)).atMost(AWAIT).until(() -> Integer.valueOf(1).equals(cluster.replicas(ns.name(), "jobs")));

            received.subList(23, 25).forEach(Message::ack);
            nats.flush(Duration.ofSeconds(2));
            await().atMost(AWAIT).until(() -> Integer.valueOf(0).equals(cluster.replicas(ns.name(), "jobs")));
            sub.unsubscribe();
        } finally {
            LocalNats.deleteStream(nats, stream);
        }
    }

    @Test
    void aNewServiceWakesFromZeroBeforeItsConsumerExists() throws Exception {
        String stream = UniqueNames.of("it-scaler-new");
        String subject = stream + ".jobs";
        LocalNats.createStream(nats, stream, subject);
        try {
            AsyncService asvc = service("fresh", LocalNats.URL, stream, Map.of());
            asvc.getSpec().getInput().getNats().setSubject(subject);
            cluster.create(asvc, Map.of());
            await().atMost(AWAIT).until(() -> Integer.valueOf(0).equals(cluster.replicas(ns.name(), "fresh")));
            await().atMost(AWAIT).untilAsserted(() -> assertThat(cluster.backlogAvailable(ns.name(), "fresh"))
                    .hasValueSatisfying(c -> assertThat(c.getStatus()).isEqualTo("True")));

            nats.jetStream().publish(subject, "the first job".getBytes());

            await().atMost(AWAIT).until(() -> Integer.valueOf(1).equals(cluster.replicas(ns.name(), "fresh")));
            assertThat(nats.jetStreamManagement().getConsumerNames(stream)).as("the operator never creates the consumer").isEmpty();
        } finally {
            LocalNats.deleteStream(nats, stream);
        }
    }

    @Test
    void anUnreachableServerLeavesTheReplicasAloneAndSaysWhy() {
        cluster.create(service("stranded", "nats://127.0.0.1:" + FreePorts.find(), "JOBS", Map.of("token", "t0ken")),
                Map.of("nats-token", Map.of("token", "t0ken")));
        await().atMost(AWAIT).until(() -> cluster.replicas(ns.name(), "stranded") != null);
        cluster.setReplicas(ns.name(), "stranded", 2);

        await().atMost(AWAIT).untilAsserted(() -> assertThat(cluster.backlogAvailable(ns.name(), "stranded")).hasValueSatisfying(c -> {
            assertThat(c.getStatus()).isEqualTo("False");
            assertThat(c.getReason()).isEqualTo("Unreachable");
            assertThat(c.getMessage()).doesNotContain("t0ken");
        }));
        await().atMost(AWAIT).untilAsserted(() -> assertThat(cluster.events(ns.name(), "stranded", "BacklogUnavailable")).singleElement()
                .satisfies(e -> assertThat(e.getType()).isEqualTo("Warning")));
        await().during(Duration.ofSeconds(2)).atMost(AWAIT).until(() -> Integer.valueOf(2).equals(cluster.replicas(ns.name(), "stranded")));
    }

    private AsyncService service(String name, String server, String stream, Map<String, String> secret) {
        NatsSpec in = new NatsSpec();
        in.setServers(List.of(server));
        in.setStream(stream);
        in.setConsumer("workers");
        if (!secret.isEmpty()) {
            in.setCredentialsSecret("nats-token");
        }
        return asyncService(ns.name(), name).workerApp().input(nats(in)).autoscaling(clusterAutoscaling()).build();
    }
}
