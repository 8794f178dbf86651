package io.asyncservice.operator.scaling.amqp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import io.asyncservice.api.v1alpha1.AmqpSpec;
import io.asyncservice.api.v1alpha1.SecretKeyRef;
import io.asyncservice.operator.scaling.BacklogReadException;
import io.asyncservice.operator.scaling.BacklogReader;
import io.asyncservice.operator.scaling.ClientPool;
import io.asyncservice.operator.scaling.TestingSecretReader;
import io.asyncservice.testing.LocalRabbitMq;
import io.asyncservice.testing.TlsProxy;
import io.asyncservice.testing.UniqueNames;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * amqps:// from the scaler to the machine's RabbitMQ behind a TLS proxy with a self-signed certificate: the scaler
 * verifies the chain against the JVM's trust store and the host name, as the sidecar does, and sends nothing (no
 * credentials) to a broker it does not trust.
 */
class AmqpTlsBacklogReaderIT {

    private static final String NS = "team-a";
    private static final Duration TIMEOUT = Duration.ofSeconds(5);
    private static final String PASSWORD = "guest";

    private final ClientPool pool = new ClientPool();
    private TlsProxy proxy;
    private Connection connection;
    private String queue;

    @BeforeEach
    void start() throws Exception {
        LocalRabbitMq.ensureRunning();
        proxy = TlsProxy.to(LocalRabbitMq.HOST, LocalRabbitMq.PORT);
        connection = LocalRabbitMq.connect();
        queue = UniqueNames.of("it-amqps-backlog");
        try (Channel channel = connection.createChannel()) {
            LocalRabbitMq.declareQueue(channel, queue);
            for (int i = 0; i < 3; i++) {
                channel.basicPublish("", queue, null, ("m" + i).getBytes(StandardCharsets.UTF_8));
            }
        }
    }

    @AfterEach
    void stop() throws Exception {
        pool.close();
        proxy.close();
        connection.close();
        LocalRabbitMq.deleteQueues(queue);
    }

    @Test
    void aCertificateTheJvmDoesNotTrustIsRefusedBeforeAnyCredentialIsSent() {
        TestingSecretReader secrets = secrets("amqps://guest:" + PASSWORD + "@localhost:" + proxy.port() + "/%2F");

        assertThatThrownBy(() -> AmqpBacklogReaders.open(NS, spec(), secrets, pool, TIMEOUT))
                .isInstanceOfSatisfying(BacklogReadException.class, e -> {
                    assertThat(e.reason()).isEqualTo(BacklogReadException.TLS_HANDSHAKE_FAILED);
                    assertThat(e.getMessage())
                            .startsWith("RabbitMQ at amqps://localhost:" + proxy.port() + "// presented a TLS certificate the JVM"
                                    + " does not trust")
                            .contains("nothing was sent to the broker")
                            .doesNotContain("guest:" + PASSWORD);
                });
        await().atMost(Duration.ofSeconds(5)).until(() -> proxy.failedHandshakes() >= 1);
        assertThat(proxy.handshakes()).as("completed TLS handshakes").isZero();
        assertThat(proxy.upstreamConnections()).as("connections to RabbitMQ").isZero();
        assertThat(proxy.forwardedBytes()).as("bytes that reached RabbitMQ").isZero();
    }

    @Test
    void aTrustedCertificateForAnotherHostIsRefused() throws Exception {
        TestingSecretReader secrets = secrets("amqps://guest:" + PASSWORD + "@127.0.0.1:" + proxy.port() + "/%2F");
        withJvmTrustingTheProxy(() ->
                assertThatThrownBy(() -> AmqpBacklogReaders.open(NS, spec(), secrets, pool, TIMEOUT))
                        .isInstanceOfSatisfying(BacklogReadException.class, e -> {
                            assertThat(e.reason()).isEqualTo(BacklogReadException.TLS_HANDSHAKE_FAILED);
                            assertThat(e.getMessage()).startsWith("RabbitMQ at amqps://127.0.0.1:" + proxy.port()
                                    + "// presented a TLS certificate that was not issued for host 127.0.0.1");
                        }));
        assertThat(proxy.upstreamConnections()).as("connections to RabbitMQ").isZero();
        assertThat(proxy.forwardedBytes()).as("bytes that reached RabbitMQ").isZero();
    }

    @Test
    void aCertificateTheJvmTrustsForTheRightHostReadsTheBacklog() throws Exception {
        TestingSecretReader secrets = secrets("amqps://guest:" + PASSWORD + "@" + TlsProxy.CERTIFICATE_HOST + ":" + proxy.port() + "/%2F");
        withJvmTrustingTheProxy(() -> {
            try (BacklogReader reader = AmqpBacklogReaders.open(NS, spec(), secrets, pool, TIMEOUT)) {
                assertThat(reader.read().messages()).isEqualTo(3);
            }
        });
        assertThat(proxy.handshakes()).isPositive();
        assertThat(proxy.forwardedBytes()).isPositive();
    }

    /** The JVM's default trust, which both the scaler and the sidecar use, set as a javax.net.ssl.trustStore would. */
    private void withJvmTrustingTheProxy(ThrowingRunnable body) throws Exception {
        SSLContext previous = SSLContext.getDefault();
        SSLContext.setDefault(proxy.trustingContext());
        try {
            body.run();
        } finally {
            SSLContext.setDefault(previous);
        }
    }

    private interface ThrowingRunnable {
        void run() throws Exception;
    }

    private static TestingSecretReader secrets(String uri) {
        return new TestingSecretReader().put(NS, "rabbit-tls", Map.of("uri", uri));
    }

    private AmqpSpec spec() {
        AmqpSpec spec = new AmqpSpec();
        spec.setUriSecret(new SecretKeyRef("rabbit-tls", "uri"));
        spec.setQueue(queue);
        return spec;
    }
}
