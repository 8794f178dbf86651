package io.asyncservice.operator.scaling.nats;

import io.asyncservice.clients.nats.NatsCredentials;
import io.asyncservice.clients.nats.NatsOptions;
import io.asyncservice.operator.scaling.BacklogReadException;
import io.asyncservice.operator.scaling.ClientKey;
import io.nats.client.AuthenticationException;
import io.nats.client.Connection;
import io.nats.client.ErrorListener;
import io.nats.client.Nats;
import io.nats.client.Options;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import javax.net.ssl.SSLException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A NATS connection's identity: the servers and the credentials chosen from the Secret as the sidecar chooses them
 * ({@link NatsCredentials}: a .creds file, else a token, else user + password). The options are the sidecar's too
 * ({@link NatsOptions}: TLS with the JVM's trust store when any server is {@code tls://}); the scaler adds its
 * connection name, timeout and listener. The connection reconnects by itself for as long as it is in use.
 */
record NatsClientKey(List<String> servers, NatsCredentials credentials, Duration callTimeout)
        implements ClientKey<Connection> {

    private static final Logger LOG = LoggerFactory.getLogger(NatsClientKey.class);

    /** The client options: the shared TLS and credential rules, with the scaler's name, timeout and reconnects. */
    Options options() throws BacklogReadException {
        return options(new AtomicReference<>());
    }

    /** The options, with the client's last reported exception kept in {@code lastException} (the cause of a failed connect). */
    private Options options(AtomicReference<Exception> lastException) throws BacklogReadException {
        if (credentials.kind() == NatsCredentials.Kind.USER_WITHOUT_PASSWORD) {
            throw new BacklogReadException(BacklogReadException.SECRET_UNAVAILABLE, "nats.credentialsSecret has a user but no password");
        }
        Options.Builder options;
        try {
            options = NatsOptions.builder(servers, credentials);
        } catch (RuntimeException e) {
            throw new BacklogReadException(BacklogReadException.INVALID_CONFIGURATION, "NATS at " + endpoint() + ": " + e.getMessage(), e);
        }
        options.connectionName("async-service-operator-scaler")
                .connectionTimeout(callTimeout)
                .maxReconnects(-1)
                .reconnectWait(Duration.ofSeconds(2))
                .errorListener(new ErrorListener() {
                    @Override
                    public void errorOccurred(Connection conn, String error) {
                        LOG.debug("NATS {}: {}", endpoint(), error);
                    }

                    @Override
                    public void exceptionOccurred(Connection conn, Exception exp) {
                        lastException.set(exp);
                        LOG.debug("NATS {}: {}", endpoint(), exp.toString());
                    }
                });
        try {
            return options.build();
        } catch (RuntimeException e) {
            throw new BacklogReadException(BacklogReadException.INVALID_CONFIGURATION, "NATS at " + endpoint() + ": " + e.getMessage(), e);
        }
    }

    @Override
    public Connection connect() throws BacklogReadException {
        AtomicReference<Exception> lastException = new AtomicReference<>();
        Options options = options(lastException);
        try {
            return Nats.connect(options);
        } catch (AuthenticationException e) {
            throw new BacklogReadException(BacklogReadException.UNAUTHORIZED, "NATS at " + endpoint() + " refused the credentials: "
                    + e.getMessage(), e);
        } catch (IOException e) {
            String message = String.valueOf(e.getMessage());
            SSLException tls = tlsFailure(e);
            if (tls == null && lastException.get() != null) {
                // The client reports why each server failed to its error listener, not in the exception it throws.
                tls = tlsFailure(lastException.get());
            }
            if (tls != null) {
                throw new BacklogReadException(BacklogReadException.TLS_HANDSHAKE_FAILED, "NATS at " + endpoint()
                        + " failed the TLS handshake: " + tls.getMessage() + ". The scaler, like the sidecar, verifies tls://"
                        + " servers against the JVM's trust store", e);
            }
            if (message.toLowerCase().contains("authorization")) {
                throw new BacklogReadException(BacklogReadException.UNAUTHORIZED, "NATS at " + endpoint()
                        + " refused the credentials: " + message, e);
            }
            throw new BacklogReadException(BacklogReadException.UNREACHABLE, "NATS at " + endpoint() + " is unreachable: " + message, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BacklogReadException(BacklogReadException.TIMEOUT, "interrupted while connecting to NATS", e);
        } catch (RuntimeException e) {
            throw new BacklogReadException(BacklogReadException.INVALID_CONFIGURATION, "NATS at " + endpoint() + ": " + e.getMessage(), e);
        }
    }

    private static SSLException tlsFailure(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof SSLException s) {
                return s;
            }
            for (Throwable suppressed : t.getSuppressed()) {
                if (suppressed instanceof SSLException s) {
                    return s;
                }
            }
        }
        return null;
    }

    @Override
    public String endpoint() {
        return "nats:" + String.join(",", servers);
    }

    @Override
    public String toString() {
        return "NatsClientKey[" + endpoint() + ", " + credentials.kind() + "]";
    }
}
