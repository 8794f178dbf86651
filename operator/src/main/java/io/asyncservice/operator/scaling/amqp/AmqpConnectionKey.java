package io.asyncservice.operator.scaling.amqp;

import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import io.asyncservice.clients.amqp.AmqpConnectionFactories;
import io.asyncservice.operator.scaling.BacklogReadException;
import io.asyncservice.operator.scaling.ClientKey;
import java.io.IOException;
import java.security.cert.CertPathBuilderException;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateException;
import java.time.Duration;
import java.util.concurrent.TimeoutException;
import javax.net.ssl.SSLException;

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
            BacklogReadException tls = tlsFailure(e);
            if (tls != null) {
                throw tls;
            }
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

    /** A failed TLS handshake, said plainly: which broker, and whether its certificate or its host name was refused. */
    private BacklogReadException tlsFailure(IOException e) {
        SSLException ssl = null;
        boolean untrusted = false;
        boolean wrongHost = false;
        for (Throwable t = e; t != null && t != t.getCause(); t = t.getCause()) {
            if (t instanceof SSLException s && ssl == null) {
                ssl = s;
            }
            if (t instanceof CertPathBuilderException || t instanceof CertPathValidatorException) {
                untrusted = true;
            }
            if (t instanceof CertificateException && String.valueOf(t.getMessage()).contains("No subject alternative")) {
                wrongHost = true;
            }
        }
        if (ssl == null) {
            return null;
        }
        String what;
        if (wrongHost) {
            what = "presented a TLS certificate that was not issued for host " + host();
        } else if (untrusted) {
            what = "presented a TLS certificate the JVM does not trust (its chain does not lead to a certificate in the JVM's"
                    + " trust store)";
        } else {
            what = "failed the TLS handshake";
        }
        return new BacklogReadException(BacklogReadException.TLS_HANDSHAKE_FAILED, "RabbitMQ at " + endpoint() + " " + what
                + ": " + ssl.getMessage() + ". The scaler, like the sidecar, verifies amqps:// certificates and host names"
                + " against the JVM's trust store; nothing was sent to the broker", e);
    }

    private String host() {
        try {
            return AmqpUri.factory(uri).getHost();
        } catch (BacklogReadException e) {
            return "(invalid URI)";
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
            return AmqpConnectionFactories.endpoint(AmqpUri.factory(uri));
        } catch (BacklogReadException e) {
            return "amqp://(invalid URI)";
        }
    }

    @Override
    public String toString() {
        return "AmqpConnectionKey[" + endpoint() + "]";
    }
}
