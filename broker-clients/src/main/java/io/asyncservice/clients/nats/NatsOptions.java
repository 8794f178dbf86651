package io.asyncservice.clients.nats;

import io.nats.client.Nats;
import io.nats.client.Options;
import java.nio.charset.StandardCharsets;
import java.security.NoSuchAlgorithmException;
import java.util.List;
import java.util.Locale;

/**
 * The NATS client options every runtime starts from: the servers, TLS with the JVM's default SSL context (its trust
 * store) for every server when any server URL is {@code tls://}, and the one kind of {@link NatsCredentials}. Callers
 * add their connection name, timeouts, listeners and reconnect policy to the returned builder.
 */
public final class NatsOptions {

    private NatsOptions() {
    }

    /**
     * @throws IllegalArgumentException when there is no server, or the credentials are a user without a password
     *                                  (callers check {@link NatsCredentials.Kind#USER_WITHOUT_PASSWORD} first to say
     *                                  where the password is missing)
     * @throws IllegalStateException    when the JVM has no TLS
     */
    public static Options.Builder builder(List<String> servers, NatsCredentials credentials) {
        if (servers == null || servers.isEmpty()) {
            throw new IllegalArgumentException("nats.servers must name at least one NATS server");
        }
        Options.Builder builder = Options.builder().servers(servers.toArray(String[]::new));
        if (usesTls(servers)) {
            try {
                builder.secure();
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException("TLS is not available in this JVM", e);
            }
        }
        switch (credentials.kind()) {
            case CREDS -> builder.authHandler(Nats.staticCredentials(credentials.value().getBytes(StandardCharsets.UTF_8)));
            case TOKEN -> builder.token(credentials.value().toCharArray());
            case USER_PASSWORD -> builder.userInfo(credentials.value().toCharArray(), credentials.password().toCharArray());
            case USER_WITHOUT_PASSWORD -> throw new IllegalArgumentException("the NATS credentials have a user but no password");
            case NONE -> {
                // an open server
            }
        }
        return builder;
    }

    /** Whether a connection to these servers uses TLS: any of them is {@code tls://}. */
    public static boolean usesTls(List<String> servers) {
        return servers != null && servers.stream().anyMatch(NatsOptions::isTls);
    }

    /** Whether one server URL is {@code tls://}. */
    public static boolean isTls(String url) {
        return url != null && url.trim().toLowerCase(Locale.ROOT).startsWith("tls://");
    }
}
