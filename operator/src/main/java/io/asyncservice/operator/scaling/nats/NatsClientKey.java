package io.asyncservice.operator.scaling.nats;

import io.asyncservice.operator.scaling.BacklogReadException;
import io.asyncservice.operator.scaling.ClientKey;
import io.nats.client.AuthenticationException;
import io.nats.client.Connection;
import io.nats.client.ErrorListener;
import io.nats.client.Nats;
import io.nats.client.Options;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A NATS connection's identity: the servers and the credentials of the Secret (token, user + password, or a .creds
 * file). The connection reconnects by itself for as long as it is in use.
 */
record NatsClientKey(List<String> servers, String token, String user, String password, String creds, Duration callTimeout)
        implements ClientKey<Connection> {

    private static final Logger LOG = LoggerFactory.getLogger(NatsClientKey.class);

    @Override
    public Connection connect() throws BacklogReadException {
        Options.Builder options = Options.builder()
                .servers(servers.toArray(String[]::new))
                .connectionName("async-service-operator-scaler")
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
                        LOG.debug("NATS {}: {}", endpoint(), exp.toString());
                    }
                });
        if (creds != null) {
            options.authHandler(Nats.staticCredentials(creds.getBytes(StandardCharsets.UTF_8)));
        }
        if (token != null) {
            options.token(token.toCharArray());
        }
        if (user != null) {
            options.userInfo(user.toCharArray(), password == null ? new char[0] : password.toCharArray());
        }
        try {
            return Nats.connect(options.build());
        } catch (AuthenticationException e) {
            throw new BacklogReadException(BacklogReadException.UNAUTHORIZED, "NATS at " + endpoint() + " refused the credentials: "
                    + e.getMessage(), e);
        } catch (IOException e) {
            String message = String.valueOf(e.getMessage());
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

    @Override
    public String endpoint() {
        return "nats:" + String.join(",", servers);
    }

    @Override
    public String toString() {
        return "NatsClientKey[" + endpoint() + "]";
    }
}
