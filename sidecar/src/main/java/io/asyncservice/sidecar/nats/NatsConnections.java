package io.asyncservice.sidecar.nats;

import io.asyncservice.api.sidecar.NatsConnectionRule;
import io.asyncservice.api.sidecar.QueueRole;
import io.asyncservice.api.sidecar.SidecarContract;
import io.asyncservice.api.v1alpha1.NatsSpec;
import io.asyncservice.sidecar.broker.SecretSource;
import io.nats.client.Connection;
import io.nats.client.Nats;
import io.nats.client.Options;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Opens the NATS connection of one role: the spec's servers, credentials from the role's Secret, TLS when a server URL
 * is {@code tls://}, and reconnects forever with exponential backoff. Secret values never appear in an error message.
 */
final class NatsConnections {

    static final String TOKEN = NatsConnectionRule.TOKEN;
    static final String USER = NatsConnectionRule.USER;
    static final String PASSWORD = NatsConnectionRule.PASSWORD;
    static final String CREDS = NatsConnectionRule.CREDS;

    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);

    private NatsConnections() {
    }

    /** Connects, or fails at once with a message that names the servers and the role. */
    static Connection connect(NatsSpec spec, QueueRole role, SecretSource secrets, NatsConnectionEvents events) {
        Options options = options(spec, role, secrets, events);
        try {
            return Nats.connect(options);
        } catch (IOException e) {
            throw new IllegalStateException("could not connect to NATS " + spec.getServers() + " for the " + role.field()
                    + " queue: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while connecting to NATS " + spec.getServers(), e);
        }
    }

    /** The client options for one role. */
    static Options options(NatsSpec spec, QueueRole role, SecretSource secrets, NatsConnectionEvents events) {
        List<String> servers = spec.getServers();
        if (servers == null || servers.isEmpty()) {
            throw new IllegalArgumentException(role.field() + ".nats.servers must name at least one NATS server");
        }
        Options.Builder builder = Options.builder()
                .servers(servers.toArray(String[]::new))
                .connectionName("asvc-sidecar-" + role.field())
                .connectionTimeout(CONNECT_TIMEOUT)
                .maxReconnects(-1)
                .reconnectDelayHandler(new NatsReconnectBackoff())
                .connectionListener(events)
                .errorListener(events);
        // The operator's scaler applies the same rule (NatsConnectionRule): TLS when any server is tls://, one kind of
        // credentials, creds before token before user and password.
        if (NatsConnectionRule.usesTls(servers)) {
            try {
                builder.secure();
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException("TLS is not available in this JVM", e);
            }
        }
        applyCredentials(builder, role, secrets);
        return builder.build();
    }

    /** A creds file wins over a token, which wins over user and password (NatsConnectionRule). */
    private static void applyCredentials(Options.Builder builder, QueueRole role, SecretSource secrets) {
        NatsConnectionRule.Credentials credentials = NatsConnectionRule.credentials(key -> value(secrets, role, key));
        switch (credentials.kind()) {
            case CREDS -> builder.authHandler(Nats.staticCredentials(credentials.value().getBytes(StandardCharsets.UTF_8)));
            case TOKEN -> builder.token(credentials.value().toCharArray());
            case USER_PASSWORD -> builder.userInfo(credentials.value().toCharArray(), credentials.password().toCharArray());
            case USER_WITHOUT_PASSWORD -> throw new IllegalArgumentException("the NATS credentials for the " + role.field()
                    + " queue have a user but no password: set " + SidecarContract.secretEnv(role, PASSWORD));
            case NONE -> {
                // an open server
            }
        }
    }

    private static Optional<String> value(SecretSource secrets, QueueRole role, String key) {
        return secrets.get(role, key).filter(v -> !v.isBlank());
    }
}
