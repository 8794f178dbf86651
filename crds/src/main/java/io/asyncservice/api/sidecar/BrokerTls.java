package io.asyncservice.api.sidecar;

import java.security.NoSuchAlgorithmException;
import javax.net.ssl.SSLContext;

/**
 * The TLS rule both the operator's scaler and the sidecar apply to a broker connection, so that neither sends a
 * broker's credentials where the other would not.
 *
 * <p>AMQP: an {@code amqps://} URI connects with {@link #jvmTrust()} (the JVM's default trust store, i.e.
 * {@code cacerts} or {@code -Djavax.net.ssl.trustStore}) and with host name verification; a certificate the JVM does
 * not trust, or one issued for another host, fails the TLS handshake before any AMQP byte, credentials included, is
 * sent. Each runtime calls {@code factory.useSslProtocol(BrokerTls.jvmTrust())} and
 * {@code factory.enableHostnameVerification()} on its amqp-client {@code ConnectionFactory} (this module does not
 * depend on the broker clients, so the two calls live in each runtime; their tests guard that they stay the same).
 */
public final class BrokerTls {

    private BrokerTls() {
    }

    /** The JVM's default SSL context: its default trust store and key managers. */
    public static SSLContext jvmTrust() {
        try {
            return SSLContext.getDefault();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("TLS is not available in this JVM", e);
        }
    }
}
