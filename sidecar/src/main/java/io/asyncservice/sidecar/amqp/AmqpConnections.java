package io.asyncservice.sidecar.amqp;

import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.client.RecoveryDelayHandler;
import io.asyncservice.api.sidecar.QueueRole;
import io.asyncservice.api.sidecar.SidecarContract;
import io.asyncservice.clients.amqp.AmqpConnectionFactories;
import io.asyncservice.sidecar.broker.SecretSource;
import java.util.List;

/**
 * Opens the AMQP connection of one role from the URI the operator passes as a secret variable, with automatic connection
 * and topology recovery. {@code amqps://} verifies the broker's certificate and host name against the JVM's trust store.
 * Errors name the variable and the broker address, never the password.
 */
final class AmqpConnections {

    /** Waits between recovery attempts: quick at first, then every 10 s. */
    static final List<Long> RECOVERY_DELAYS_MILLIS = List.of(500L, 1_000L, 2_000L, 5_000L, 10_000L);
    static final int CONNECT_TIMEOUT_MILLIS = 10_000;
    static final int HEARTBEAT_SECONDS = 30;

    private AmqpConnections() {
    }

    /** The environment variable that carries a role's AMQP URI. */
    static String uriVariable(QueueRole role) {
        return SidecarContract.secretEnv(role, SidecarContract.AMQP_URI_KEY);
    }

    /** Connects as {@code asvc-sidecar <role> <target>}, the name RabbitMQ shows for the connection. */
    static Connection connect(QueueRole role, SecretSource secrets, String target) {
        String variable = uriVariable(role);
        String uri = secrets.get(role, SidecarContract.AMQP_URI_KEY).filter(v -> !v.isBlank()).orElseThrow(() ->
                new IllegalStateException("no AMQP URI for the " + role.field() + " queue: the environment variable " + variable
                        + " is not set (the operator fills it from " + role.field() + ".amqp.uriSecret)"));
        ConnectionFactory factory = factory(uri, variable);
        try {
            return factory.newConnection("asvc-sidecar " + role.field() + " " + target);
        } catch (Exception e) {
            throw new IllegalStateException("could not connect to the AMQP broker " + AmqpConnectionFactories.address(factory)
                    + " for the " + role.field() + " queue (URI from " + variable + "): " + reason(e, factory), e);
        }
    }

    /** The shared factory ({@link AmqpConnectionFactories}: URI, TLS checks) with the sidecar's recovery and timeouts. */
    static ConnectionFactory factory(String uri, String variable) {
        ConnectionFactory factory = AmqpConnectionFactories.fromUri(uri, variable);
        factory.setAutomaticRecoveryEnabled(true);
        factory.setTopologyRecoveryEnabled(true);
        factory.setRecoveryDelayHandler(new RecoveryDelayHandler.ExponentialBackoffDelayHandler(RECOVERY_DELAYS_MILLIS));
        factory.setConnectionTimeout(CONNECT_TIMEOUT_MILLIS);
        factory.setRequestedHeartbeat(HEARTBEAT_SECONDS);
        return factory;
    }

    private static String reason(Exception e, ConnectionFactory factory) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = e.getMessage() != null ? e.getMessage() : root.toString();
        if (e.getMessage() == null && root.getMessage() != null) {
            message = root.getClass().getSimpleName() + ": " + root.getMessage();
        }
        return AmqpConnectionFactories.withoutPassword(message, factory);
    }
}
