package io.asyncservice.operator.scaling.e2e;

import static io.asyncservice.operator.TestAsyncServiceBuilder.amqp;
import static io.asyncservice.operator.TestAsyncServiceBuilder.asyncService;
import static io.asyncservice.operator.TestAsyncServiceBuilder.clusterAutoscaling;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.GetResponse;
import io.asyncservice.api.v1alpha1.AmqpSpec;
import io.asyncservice.api.v1alpha1.AsyncService;
import io.asyncservice.api.v1alpha1.SecretKeyRef;
import io.asyncservice.operator.cluster.TestNamespace;
import io.asyncservice.testing.LocalRabbitMq;
import io.asyncservice.testing.TlsProxy;
import io.asyncservice.testing.UniqueNames;
import io.fabric8.kubernetes.api.model.Event;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The scaler on a real API server against the machine's RabbitMQ, through the management API: ready plus
 * unacknowledged. The API refreshes its numbers every few seconds, so these waits are longer.
 */
class ScalerAmqpIT {

    private static final Duration AWAIT = Duration.ofSeconds(45);

    private static ScalerCluster cluster;

    private TestNamespace ns;

    @BeforeAll
    static void start() {
        LocalRabbitMq.ensureManagement();
        cluster = ScalerCluster.start();
    }

    @AfterAll
    static void stop() {
        if (cluster != null) {
            cluster.close();
        }
    }

    @BeforeEach
    void namespace() {
        ns = cluster.namespace("scaler-amqp");
    }

    @AfterEach
    void deleteNamespace() {
        if (ns != null) {
            ns.close();
        }
    }

    @Test
    void followsReadyAndUnackedFromZeroToThreeAndBack() throws Exception {
        String queue = UniqueNames.of("it-scaler");
        try (Connection connection = LocalRabbitMq.connect(); Channel channel = connection.createChannel()) {
            LocalRabbitMq.declareQueue(channel, queue);
            cluster.create(service("jobs", queue, "rabbit"), Map.of("rabbit", Map.of("uri", LocalRabbitMq.URI)));
            await().atMost(AWAIT).until(() -> Integer.valueOf(0).equals(cluster.replicas(ns.name(), "jobs")));

            for (int i = 0; i < 25; i++) {
                channel.basicPublish("", queue, null, ("job " + i).getBytes(StandardCharsets.UTF_8));
            }
            await().atMost(AWAIT).until(() -> Integer.valueOf(3).equals(cluster.replicas(ns.name(), "jobs")));
            await().atMost(AWAIT).untilAsserted(() -> assertThat(cluster.events(ns.name(), "jobs", "Scaled")).extracting(Event::getMessage)
                    .anyMatch(m -> m.matches("Scaled from [0-2] to 3: backlog 2[1-5], target 10 per replica")));

            List<Long> tags = new ArrayList<>();
            for (int i = 0; i < 25; i++) {
                GetResponse r = channel.basicGet(queue, false);
                tags.add(r.getEnvelope().getDeliveryTag());
            }
            for (long tag : tags.subList(0, 23)) {
                channel.basicAck(tag, false);
            }
            await().atMost(AWAIT).until(() -> Integer.valueOf(1).equals(cluster.replicas(ns.name(), "jobs")));
            await().during(Duration.ofSeconds(3)).atMost(AWAIT).until(() -> Integer.valueOf(1).equals(cluster.replicas(ns.name(), "jobs")));

            channel.basicAck(tags.get(24), true);
            await().atMost(AWAIT).until(() -> Integer.valueOf(0).equals(cluster.replicas(ns.name(), "jobs")));
        } finally {
            LocalRabbitMq.deleteQueues(queue);
        }
    }

    @Test
    void wrongCredentialsLeaveTheReplicasAloneAndSayWhy() {
        cluster.create(service("stranded", "jobs", "rabbit-wrong"),
                Map.of("rabbit-wrong", Map.of("uri", "amqp://guest:not-the-password@127.0.0.1:5672/%2F")));
        await().atMost(AWAIT).until(() -> cluster.replicas(ns.name(), "stranded") != null);
        cluster.setReplicas(ns.name(), "stranded", 2);

        await().atMost(AWAIT).untilAsserted(() -> assertThat(cluster.backlogAvailable(ns.name(), "stranded")).hasValueSatisfying(c -> {
            assertThat(c.getStatus()).isEqualTo("False");
            assertThat(c.getReason()).isEqualTo("Unauthorized");
            assertThat(c.getMessage()).doesNotContain("not-the-password");
        }));
        await().atMost(AWAIT).untilAsserted(() -> assertThat(cluster.events(ns.name(), "stranded", "BacklogUnavailable")).singleElement()
                .satisfies(e -> assertThat(e.getType()).isEqualTo("Warning")));
        await().during(Duration.ofSeconds(2)).atMost(AWAIT).until(() -> Integer.valueOf(2).equals(cluster.replicas(ns.name(), "stranded")));
    }

    @Test
    void anAmqpsBrokerWithACertificateTheJvmDoesNotTrustIsRefusedAndTheConditionSaysSo() {
        try (TlsProxy proxy = TlsProxy.to(LocalRabbitMq.HOST, LocalRabbitMq.PORT)) {
            AsyncService asvc = service("untrusted", "jobs", "rabbit-tls");
            // Without the management API the scaler itself opens the AMQP connection, over TLS.
            asvc.getSpec().getInput().getAmqp().setManagementUrl(null);
            cluster.create(asvc, Map.of("rabbit-tls", Map.of("uri", "amqps://guest:guest@localhost:" + proxy.port() + "/%2F")));
            await().atMost(AWAIT).until(() -> cluster.replicas(ns.name(), "untrusted") != null);
            cluster.setReplicas(ns.name(), "untrusted", 2);

            await().atMost(AWAIT).untilAsserted(() -> assertThat(cluster.backlogAvailable(ns.name(), "untrusted")).hasValueSatisfying(c -> {
                assertThat(c.getStatus()).isEqualTo("False");
                assertThat(c.getReason()).isEqualTo("TlsHandshakeFailed");
                assertThat(c.getMessage()).contains("RabbitMQ at amqps://localhost:" + proxy.port())
                        .contains("presented a TLS certificate the JVM does not trust")
                        .doesNotContain("guest:guest");
            }));
            await().during(Duration.ofSeconds(2)).atMost(AWAIT).until(() -> Integer.valueOf(2).equals(cluster.replicas(ns.name(), "untrusted")));
            assertThat(proxy.failedHandshakes()).isPositive();
            assertThat(proxy.upstreamConnections()).as("connections that reached RabbitMQ").isZero();
            assertThat(proxy.forwardedBytes()).as("bytes, credentials included, that reached RabbitMQ").isZero();
        }
    }

    private AsyncService service(String name, String queue, String secret) {
        AmqpSpec in = new AmqpSpec();
        in.setUriSecret(new SecretKeyRef(secret, "uri"));
        in.setQueue(queue);
        in.setManagementUrl(LocalRabbitMq.MANAGEMENT_URL);
        return asyncService(ns.name(), name).workerApp().input(amqp(in)).autoscaling(clusterAutoscaling()).build();
    }
}
