package io.asyncservice.clients.amqp;

import com.rabbitmq.client.ConnectionFactory;
import java.net.URISyntaxException;
import java.security.GeneralSecurityException;
import java.security.NoSuchAlgorithmException;
import javax.net.ssl.SSLContext;

/**
 * The amqp-client {@link ConnectionFactory} for an AMQP URI, the same for the sidecar and the scaler.
 *
 * <ul>
 *   <li>User, password, host, port and vhost are the client's own parsing of the URI; a URI that does not parse is an
 *       {@link IllegalArgumentException} whose message never echoes the URI, so never its password.</li>
 *   <li>{@code amqps://} verifies the broker's certificate chain against the JVM's default trust store ({@code cacerts}
 *       or {@code -Djavax.net.ssl.trustStore}) and the broker's host name: a certificate the JVM does not trust, or one
 *       issued for another host, fails the TLS handshake before any AMQP byte, credentials included, is sent.
 *       ({@code setUri} alone would trust every certificate in older clients.)</li>
 * </ul>
 * Callers add their connection, recovery and heartbeat settings.
 */
public final class AmqpConnectionFactories {

    private static final String EXPECTED = " (expected amqp://user:password@host:5672/vhost or amqps://...)";

    private AmqpConnectionFactories() {
    }

    /**
     * @param source where the URI comes from, for the error message, e.g. an environment variable or a Secret field
     * @throws IllegalArgumentException when the URI does not parse; the message names {@code source}, not the URI
     */
    public static ConnectionFactory fromUri(String uri, String source) {
        ConnectionFactory factory = new ConnectionFactory();
        try {
            factory.setUri(uri.trim());
        } catch (URISyntaxException e) {
            // getReason() is the reason alone; getMessage() would add the URI, password included.
            throw new IllegalArgumentException("the AMQP URI in " + source + " is not a valid URI: " + e.getReason() + EXPECTED);
        } catch (IllegalArgumentException | GeneralSecurityException e) {
            throw new IllegalArgumentException("the AMQP URI in " + source + " is not usable: " + e.getClass().getSimpleName()
                    + EXPECTED);
        }
        if (factory.isSSL()) {
            // Explicit, whatever the client library's defaults: the JVM's trust store and the broker's host name.
            factory.useSslProtocol(jvmTrust());
            factory.enableHostnameVerification();
        }
        return factory;
    }

    /** {@code amqps://host:port/vhost}: the broker, without the user or the password. */
    public static String endpoint(ConnectionFactory factory) {
        return (factory.isSSL() ? "amqps" : "amqp") + "://" + factory.getHost() + ":" + factory.getPort() + "/"
                + factory.getVirtualHost();
    }

    /** {@code amqp://host:port/vhost as user u}: everything but the password. */
    public static String address(ConnectionFactory factory) {
        return endpoint(factory) + " as user " + factory.getUsername();
    }

    /** {@code text} with the factory's password masked, for a client error message that might quote it. */
    public static String withoutPassword(String text, ConnectionFactory factory) {
        String password = factory.getPassword();
        if (text == null || password == null || password.isEmpty()) {
            return text;
        }
        return text.replace(password, "****");
    }

    /** The JVM's default SSL context: its default trust store and key managers. */
    static SSLContext jvmTrust() {
        try {
            return SSLContext.getDefault();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("TLS is not available in this JVM", e);
        }
    }
}
