package io.asyncservice.operator.scaling.amqp;

import com.rabbitmq.client.ConnectionFactory;
import io.asyncservice.api.v1alpha1.AmqpSpec;
import io.asyncservice.clients.amqp.AmqpConnectionFactories;
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
     * The shared connection factory for the URI ({@link AmqpConnectionFactories}: the client's own parsing, and for
     * {@code amqps://} the JVM's trust store and host name verification, as in the sidecar).
     */
    static ConnectionFactory factory(String uri) throws BacklogReadException {
        try {
            return AmqpConnectionFactories.fromUri(uri, "amqp.uriSecret");
        } catch (IllegalArgumentException e) {
            // The message names the Secret field, never the URI or its password.
            throw new BacklogReadException(BacklogReadException.INVALID_CONFIGURATION, e.getMessage());
        }
    }
}
