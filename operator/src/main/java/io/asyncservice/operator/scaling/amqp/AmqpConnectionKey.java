package io.asyncservice.operator.scaling.amqp;

import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import io.asyncservice.operator.scaling.BacklogReadException;
import io.asyncservice.operator.scaling.ClientKey;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.TimeoutException;

/** An AMQP connection's identity: the URI, credentials included. The connection recovers by itself. */
record AmqpConnectionKey(String uri, Duration callTimeout) implements ClientKey<AmqpConnectionKey.ConnectionHandle> {

    /** A connection that closes without waiting long. */
    record ConnectionHandle(Connection connection) implements AutoCloseable {
        @Override
        public void close() {
            connection.abort(2_000);
        }
    }

    @Override
    public ConnectionHandle connect() throws BacklogReadException {
        ConnectionFactory factory = AmqpUri.factory(uri);
        int timeoutMs = (int) callTimeout.toMillis();
        factory.setConnectionTimeout(timeoutMs);
        factory.setHandshakeTimeout(timeoutMs);
        factory.setChannelRpcTimeout(timeoutMs);
        factory.setShutdownTimeout(0);
        factory.setAutomaticRecoveryEnabled(true);
        factory.setTopologyRecoveryEnabled(false);
        factory.setNetworkRecoveryInterval(5_000);
        try {
            return new ConnectionHandle(factory.newConnection("async-service-operator-scaler"));
        } catch (IOException e) {
            String message = rootMessage(e);
            if (message.contains("ACCESS_REFUSED") || message.contains("access to vhost") || message.contains("authentication")) {
                throw new BacklogReadException(BacklogReadException.UNAUTHORIZED, "RabbitMQ at " + endpoint()
                        + " refused the credentials of amqp.uriSecret", e);
            }
            throw new BacklogReadException(BacklogReadException.UNREACHABLE, "RabbitMQ at " + endpoint() + " is unreachable: " + message, e);
        } catch (TimeoutException e) {
            throw new BacklogReadException(BacklogReadException.TIMEOUT, "RabbitMQ at " + endpoint() + " did not answer in time", e);
        }
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        StringBuilder all = new StringBuilder();
        while (t != null) {
            all.append(t.getClass().getSimpleName()).append(": ").append(t.getMessage()).append("; ");
            t = t.getCause();
        }
        return all.toString();
    }

    @Override
    public String endpoint() {
        try {
            return AmqpUri.endpoint(AmqpUri.factory(uri));
        } catch (BacklogReadException e) {
            return "amqp:(invalid URI)";
        }
    }

    @Override
    public String toString() {
        return "AmqpConnectionKey[" + endpoint() + "]";
    }
}
