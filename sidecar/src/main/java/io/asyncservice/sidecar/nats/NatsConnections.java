package io.asyncservice.sidecar.nats;

import io.asyncservice.api.sidecar.QueueRole;
import io.asyncservice.api.sidecar.SidecarContract;
import io.asyncservice.api.v1alpha1.NatsSpec;
import io.asyncservice.clients.nats.NatsCredentials;
import io.asyncservice.clients.nats.NatsOptions;
import io.asyncservice.sidecar.broker.SecretSource;
import io.nats.client.Connection;
import io.nats.client.Nats;
import io.nats.client.Options;
import java.io.IOException;
import java.time.Duration;
import java.util.List;

/**
 * Opens the NATS connection of one role: the spec's servers, credentials from the role's Secret and TLS when a server
 * URL is {@code tls://} (the rules the scaler shares, {@link NatsOptions}), and reconnects forever with exponential
 * backoff. Secret values never appear in an error message.
 */
final class NatsConnections {

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

    /**
     * The client options for one role: the shared servers, TLS and credential rules ({@link NatsOptions},
     * {@link NatsCredentials}), plus the sidecar's connection name, listeners and endless reconnects with backoff.
     */
    static Options options(NatsSpec spec, QueueRole role, SecretSource secrets, NatsConnectionEvents events) {
        List<String> servers = spec.getServers();
        if (servers == null || servers.isEmpty()) {
            throw new IllegalArgumentException(role.field() + ".nats.servers must name at least one NATS server");
        }
        NatsCredentials credentials = NatsCredentials.choose(key -> secrets.get(role, key));
        if (credentials.kind() == NatsCredentials.Kind.USER_WITHOUT_PASSWORD) {
            throw new IllegalArgumentException("the NATS credentials for the " + role.field()
                    + " queue have a user but no password: set " + SidecarContract.secretEnv(role, NatsCredentials.PASSWORD));
        }
        return NatsOptions.builder(servers, credentials)
                .connectionName("asvc-sidecar-" + role.field())
                .connectionTimeout(CONNECT_TIMEOUT)
                .maxReconnects(-1)
                .reconnectDelayHandler(new NatsReconnectBackoff())
                .connectionListener(events)
                .errorListener(events)
                .build();
    }
}
