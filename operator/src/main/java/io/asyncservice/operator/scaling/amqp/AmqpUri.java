package io.asyncservice.operator.scaling.amqp;

import com.rabbitmq.client.ConnectionFactory;
import io.asyncservice.api.sidecar.BrokerTls;
import io.asyncservice.api.v1alpha1.AmqpSpec;
import io.asyncservice.operator.scaling.BacklogReadException;
import io.asyncservice.operator.scaling.SecretReader;
import java.util.Map;

/** The AMQP URI of an AsyncService, read from its uriSecret, and what the scaler takes from it. */
final class AmqpUri {

    private AmqpUri() {
    }

    /** The URI in the Secret key the spec names. */
    static String read(String namespace, AmqpSpec spec, SecretReader secrets) throws BacklogReadException {
        if (spec.getUriSecret() == null || spec.getUriSecret().getName() == null) {
            throw new BacklogReadException(BacklogReadException.INVALID_CONFIGURATION, "amqp.uriSecret is required");
        }
        String name = spec.getUriSecret().getName();
        String key = spec.getUriSecret().getKey() == null ? "uri" : spec.getUriSecret().getKey();
        Map<String, String> secret = secrets.read(namespace, name).orElseThrow(() ->
                new BacklogReadException(BacklogReadException.SECRET_UNAVAILABLE,
                        "Secret " + namespace + "/" + name + " (amqp.uriSecret) not found"));
        String uri = secret.get(key);
        if (uri == null || uri.isBlank()) {
            throw new BacklogReadException(BacklogReadException.SECRET_UNAVAILABLE,
                    "Secret " + namespace + "/" + name + " has no key " + key + " (amqp.uriSecret.key)");
        }
        return uri.trim();
    }

    /**
     * A connection factory for the URI; the parsing of user, password, host and vhost is the client's own. For
     * {@code amqps://} it verifies the broker's certificate chain against the JVM's trust store and the broker's host
     * name, as the sidecar does ({@link BrokerTls}): {@code setUri} alone would trust every certificate.
     */
    static ConnectionFactory factory(String uri) throws BacklogReadException {
        ConnectionFactory factory = new ConnectionFactory();
        try {
            factory.setUri(uri);
        } catch (Exception e) {
            // The message of a URI parse error may echo the URI, password included: keep it out.
            throw new BacklogReadException(BacklogReadException.INVALID_CONFIGURATION,
                    "the AMQP URI in amqp.uriSecret is not a valid amqp:// or amqps:// URI");
        }
        if (factory.isSSL()) {
            factory.useSslProtocol(BrokerTls.jvmTrust());
            factory.enableHostnameVerification();
        }
        return factory;
    }

    /** host:port/vhost without the credentials, for logs. */
    static String endpoint(ConnectionFactory factory) {
        return (factory.isSSL() ? "amqps:" : "amqp:") + factory.getHost() + ":" + factory.getPort() + "/" + factory.getVirtualHost();
    }
}
