package io.asyncservice.clients.amqp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.rabbitmq.client.ConnectionFactory;
import java.io.FileInputStream;
import java.io.InputStream;
import java.net.InetAddress;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * amqps:// checks the broker's host name, not only its certificate chain: a certificate the JVM trusts but that was
 * issued for another host is refused during the TLS handshake. (amqp-client 5.37 does this too once the URI is set;
 * {@link AmqpConnectionFactories} asks for it explicitly for the sidecar and the scaler, and this test guards the
 * behaviour users rely on. The scaler's AmqpTlsBacklogReaderIT covers an untrusted certificate against RabbitMQ.)
 */
class AmqpTlsTest {

    @Test
    void aTrustedCertificateForAnotherHostIsRefused(@TempDir Path dir) throws Exception {
        KeyStore keys = selfSigned(dir.resolve("server.p12"), "elsewhere.example");
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(keys, "changeit".toCharArray());
        SSLContext server = SSLContext.getInstance("TLS");
        server.init(kmf.getKeyManagers(), null, null);
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(keys);
        SSLContext trusting = SSLContext.getInstance("TLS");
        trusting.init(null, tmf.getTrustManagers(), null);

        SSLContext previousDefault = SSLContext.getDefault();
        SSLContext.setDefault(trusting);
        try (SSLServerSocket socket = (SSLServerSocket) server.getServerSocketFactory()
                .createServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Thread acceptor = new Thread(() -> {
                try (SSLSocket client = (SSLSocket) socket.accept()) {
                    client.startHandshake();
                    client.getInputStream().read();
                } catch (Exception ignored) {
                    // the client gives up during the handshake
                }
            });
            acceptor.setDaemon(true);
            acceptor.start();
            ConnectionFactory factory = AmqpConnectionFactories.fromUri(
                    "amqps://guest:guest@localhost:" + socket.getLocalPort() + "/%2F", "the test");
            factory.setConnectionTimeout(10_000);
            factory.setHandshakeTimeout(10_000);

            assertThat(AmqpConnectionFactories.endpoint(factory)).isEqualTo("amqps://localhost:" + socket.getLocalPort() + "//");
            assertThatThrownBy(() -> factory.newConnection("tls test"))
                    .rootCause().hasMessageContaining("No subject alternative DNS name matching localhost");
        } finally {
            SSLContext.setDefault(previousDefault);
        }
    }

    /** A PKCS12 key store with one self-signed RSA key for {@code host}, made with the JDK's keytool. */
    private static KeyStore selfSigned(Path file, String host) throws Exception {
        Process keytool = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-genkeypair", "-alias", "server", "-keyalg", "RSA", "-keysize", "2048", "-dname", "CN=" + host,
                "-ext", "SAN=dns:" + host, "-validity", "2", "-storetype", "PKCS12", "-keystore", file.toString(),
                "-storepass", "changeit").redirectErrorStream(true).start();
        String output = new String(keytool.getInputStream().readAllBytes());
        assertThat(keytool.waitFor(60, TimeUnit.SECONDS)).as("keytool finished").isTrue();
        assertThat(keytool.exitValue()).as("keytool: " + output).isZero();
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (InputStream in = new FileInputStream(file.toFile())) {
            ks.load(in, "changeit".toCharArray());
        }
        return ks;
    }
}
