package io.asyncservice.operator.scaling.amqp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.GetResponse;
import io.asyncservice.api.v1alpha1.AmqpSpec;
import io.asyncservice.api.v1alpha1.SecretKeyRef;
import io.asyncservice.operator.scaling.BacklogReadException;
import io.asyncservice.operator.scaling.BacklogReader;
import io.asyncservice.operator.scaling.ClientPool;
import io.asyncservice.operator.scaling.TestingSecretReader;
import io.asyncservice.testing.LocalRabbitMq;
import io.asyncservice.testing.UniqueNames;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Against the machine's RabbitMQ: ready + unacked through the management API, ready only through a passive declare. */
class AmqpBacklogReaderIT {

    private static final String NS = "team-a";
    private static final Duration TIMEOUT = Duration.ofSeconds(5);

    private final ClientPool pool = new ClientPool();
    private final TestingSecretReader secrets = new TestingSecretReader()
            .put(NS, "rabbit", Map.of("uri", LocalRabbitMq.URI))
            .put(NS, "rabbit-wrong", Map.of("uri", "amqp://guest:wrong@127.0.0.1:5672/%2F"));
    private Connection connection;
    private Channel channel;
    private String queue;

    @BeforeAll
    static void managementApi() {
        LocalRabbitMq.ensureManagement();
    }

    @BeforeEach
    void declareQueue() throws Exception {
        connection = LocalRabbitMq.connect();
        channel = connection.createChannel();
        queue = UniqueNames.of("it-amqp-backlog");
        LocalRabbitMq.declareQueue(channel, queue);
        for (int i = 0; i < 5; i++) {
            channel.basicPublish("", queue, null, ("m" + i).getBytes(StandardCharsets.UTF_8));
        }
        channel.basicQos(0);
        // Two received and not acked: in flight.
        GetResponse first = channel.basicGet(queue, false);
        GetResponse second = channel.basicGet(queue, false);
        assertThat(first).isNotNull();
        assertThat(second).isNotNull();
    }

    @AfterEach
    void cleanUp() throws Exception {
        pool.close();
        connection.close();
        LocalRabbitMq.deleteQueues(queue);
    }

    @Test
    void theManagementApiCountsReadyAndUnacked() throws Exception {
        try (BacklogReader reader = AmqpBacklogReaders.open(NS, spec("rabbit", LocalRabbitMq.MANAGEMENT_URL), secrets, pool, TIMEOUT)) {
            assertThat(reader).isInstanceOf(AmqpManagementBacklogReader.class);
            // The management API refreshes its statistics every few seconds.
            await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(500)).ignoreExceptions().untilAsserted(() ->
                    assertThat(reader.read().messages()).as("3 ready + 2 unacked").isEqualTo(5));
        }
    }

    @Test
    void withoutTheManagementApiAPassiveDeclareCountsReadyOnly() throws Exception {
        try (BacklogReader reader = AmqpBacklogReaders.open(NS, spec("rabbit", null), secrets, pool, TIMEOUT)) {
            assertThat(reader).isInstanceOf(AmqpPassiveDeclareBacklogReader.class);
            assertThat(reader.read().messages()).as("3 ready; the 2 unacked are invisible here").isEqualTo(3);
        }
    }

    @Test
    void aMissingQueueIsQueueNotFoundEitherWay() throws Exception {
        for (String managementUrl : new String[] {LocalRabbitMq.MANAGEMENT_URL, null}) {
            AmqpSpec spec = spec("rabbit", managementUrl);
            spec.setQueue(UniqueNames.of("missing"));
            try (BacklogReader reader = AmqpBacklogReaders.open(NS, spec, secrets, pool, TIMEOUT)) {
                assertThatThrownBy(reader::read).isInstanceOfSatisfying(BacklogReadException.class,
                        e -> assertThat(e.reason()).isEqualTo(BacklogReadException.QUEUE_NOT_FOUND));
            }
        }
    }

    @Test
    void wrongCredentialsAreUnauthorizedEitherWay() throws Exception {
        try (BacklogReader reader = AmqpBacklogReaders.open(NS, spec("rabbit-wrong", LocalRabbitMq.MANAGEMENT_URL), secrets, pool, TIMEOUT)) {
            assertThatThrownBy(reader::read).isInstanceOfSatisfying(BacklogReadException.class,
                    e -> assertThat(e.reason()).isEqualTo(BacklogReadException.UNAUTHORIZED));
        }
        assertThatThrownBy(() -> AmqpBacklogReaders.open(NS, spec("rabbit-wrong", null), secrets, pool, TIMEOUT))
                .isInstanceOfSatisfying(BacklogReadException.class, e -> {
                    assertThat(e.reason()).isEqualTo(BacklogReadException.UNAUTHORIZED);
                    assertThat(e.getMessage()).doesNotContain("wrong");
                });
    }

    private AmqpSpec spec(String secret, String managementUrl) {
        AmqpSpec spec = new AmqpSpec();
        spec.setUriSecret(new SecretKeyRef(secret, "uri"));
        spec.setQueue(queue);
        spec.setManagementUrl(managementUrl);
        return spec;
    }
}
