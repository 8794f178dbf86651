package io.asyncservice.sidecar.nats;

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
import java.util.Locale;
import java.util.Optional;

/**
 * Opens the NATS connection of one role: the spec's servers, credentials from the role's Secret, TLS when a server URL
 * is {@code tls://}, and reconnects forever with exponential backoff. Secret values never appear in an error message.
 */
final class NatsConnections {

    static final String TOKEN = "token";
    static final String USER = "user";
    static final String PASSWORD = "password";
    static final String CREDS = "creds";

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
        if (servers.stream().anyMatch(NatsConnections::isTls)) {
            try {
                builder.secure();
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException("TLS is not available in this JVM", e);
            }
        }
        applyCredentials(builder, role, secrets);
        return builder.build();
    }

    private static boolean isTls(String url) {
        return url.trim().toLowerCase(Locale.ROOT).startsWith("tls://");
    }

    /** A creds file wins over a token, which wins over user and password. */
    private static void applyCredentials(Options.Builder builder, QueueRole role, SecretSource secrets) {
        Optional<String> creds = value(secrets, role, CREDS);
        Optional<String> token = value(secrets, role, TOKEN);
        Optional<String> user = value(secrets, role, USER);
        Optional<String> password = value(secrets, role, PASSWORD);
        if (creds.isPresent()) {
            builder.authHandler(Nats.staticCredentials(creds.get().getBytes(StandardCharsets.UTF_8)));
        } else if (token.isPresent()) {
            builder.token(token.get().toCharArray());
        } else if (user.isPresent()) {
            if (password.isEmpty()) {
                throw new IllegalArgumentException("the NATS credentials for the " + role.field() + " queue have a user but no "
                        + "password: set " + SidecarContract.secretEnv(role, PASSWORD));
            }
            builder.userInfo(user.get().toCharArray(), password.get().toCharArray());
        }
    }

    private static Optional<String> value(SecretSource secrets, QueueRole role, String key) {
        return secrets.get(role, key).filter(v -> !v.isBlank());
    }
}
