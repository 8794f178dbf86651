package io.asyncservice.operator.scaling.nats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.asyncservice.api.v1alpha1.NatsSpec;
import io.asyncservice.operator.scaling.BacklogReadException;
import io.asyncservice.operator.scaling.ClientPool;
import io.asyncservice.operator.scaling.TestingSecretReader;
import io.asyncservice.testing.FreePorts;
import io.asyncservice.testing.LocalNats;
import io.asyncservice.testing.PrivateNatsServer;
import io.asyncservice.testing.SelfSignedCertificate;
import io.nats.client.Connection;
import io.nats.client.Nats;
import io.nats.client.Options;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A private nats-server with TLS (a self-signed certificate for localhost) and a token: the scaler uses TLS for a
 * tls:// server wherever it is in the list, verifies the certificate against the JVM's trust store, as the sidecar does.
 */
class NatsTlsBacklogReaderIT {

    private static final String NS = "team-a";
    private static final Duration TIMEOUT = Duration.ofSeconds(5);
    private static final String TOKEN = "tls-s3cret";
    private static final String STREAM = "it-nats-tls";

    private final ClientPool pool = new ClientPool();
    private final TestingSecretReader secrets = new TestingSecretReader().put(NS, "nats-creds", Map.of("token", TOKEN));
    private SelfSignedCertificate certificate;
    private PrivateNatsServer server;

    @BeforeEach
    void start(@TempDir Path dir) {
        certificate = SelfSignedCertificate.forHost("localhost");
        SelfSignedCertificate.PemFiles pem = certificate.writePem(dir);
        server = PrivateNatsServer.start("--tls", "--tlscert", pem.certificate().toString(), "--tlskey", pem.key().toString(),
                "--auth", TOKEN);
    }

    @AfterEach
    void stop() {
        pool.close();
        server.close();
    }

    @Test
    void aCertificateTheJvmDoesNotTrustIsRefused() {
        assertThatThrownBy(() -> NatsBacklogReader.open(NS, spec(tlsUrl()), secrets, pool, TIMEOUT))
                .isInstanceOfSatisfying(BacklogReadException.class, e -> {
                    assertThat(e.reason()).isEqualTo(BacklogReadException.TLS_HANDSHAKE_FAILED);
                    assertThat(e.getMessage()).startsWith("NATS at nats:" + tlsUrl() + " failed the TLS handshake")
                            .doesNotContain(TOKEN);
                });
    }

    @Test
    void aTlsServerThatIsNotFirstInTheListStillGetsTlsAndTheTokenAndTheBacklogIsRead() throws Exception {
        SSLContext previous = SSLContext.getDefault();
        SSLContext.setDefault(certificate.trustingContext());
        try {
            createStreamWithTwoMessages();
            String unused = "nats://127.0.0.1:" + FreePorts.find();
            try (NatsBacklogReader reader = NatsBacklogReader.open(NS, spec(unused, tlsUrl()), secrets, pool, TIMEOUT)) {
                assertThat(reader.read().messages()).isEqualTo(2);
            }
        } finally {
            SSLContext.setDefault(previous);
        }
    }

    private void createStreamWithTwoMessages() throws Exception {
        Options options = Options.builder().server(tlsUrl()).sslContext(certificate.trustingContext()).token(TOKEN.toCharArray())
                .build();
        try (Connection nats = Nats.connect(options)) {
            LocalNats.createStream(nats, STREAM, STREAM + ".in");
            nats.jetStream().publish(STREAM + ".in", "a".getBytes());
            nats.jetStream().publish(STREAM + ".in", "b".getBytes());
        }
    }

    private String tlsUrl() {
        return "tls://localhost:" + server.port();
    }

    private static NatsSpec spec(String... servers) {
        NatsSpec spec = new NatsSpec();
        spec.setServers(List.of(servers));
        spec.setStream(STREAM);
        spec.setConsumer("workers");
        spec.setCredentialsSecret("nats-creds");
        return spec;
    }
}
