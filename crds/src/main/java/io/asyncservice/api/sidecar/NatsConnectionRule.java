package io.asyncservice.api.sidecar;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;

/**
 * How a NATS connection is secured and authenticated, the same for the operator's scaler and the sidecar, from the
 * spec's servers and the keys of {@code nats.credentialsSecret} ({@link SidecarContract#NATS_SECRET_KEYS}).
 *
 * <ul>
 *   <li>TLS: when any server URL is {@code tls://}, the connection uses TLS with the JVM's default SSL context (its
 *       trust store), for every server;</li>
 *   <li>credentials: exactly one kind is sent, the first present of a {@code creds} file, a {@code token}, a
 *       {@code user} with its {@code password}; a blank value counts as absent, and a user without a password is a
 *       configuration error, never a login with an empty password.</li>
 * </ul>
 */
public final class NatsConnectionRule {

    public static final String CREDS = "creds";
    public static final String TOKEN = "token";
    public static final String USER = "user";
    public static final String PASSWORD = "password";

    private NatsConnectionRule() {
    }

    /** Whether a connection to these servers uses TLS: any of them is {@code tls://}. */
    public static boolean usesTls(List<String> servers) {
        return servers != null && servers.stream().anyMatch(NatsConnectionRule::isTls);
    }

    /** Whether one server URL is {@code tls://}. */
    public static boolean isTls(String url) {
        return url != null && url.trim().toLowerCase(Locale.ROOT).startsWith("tls://");
    }

    /** The credentials to send, chosen from the Secret's values ({@code key -> value}, empty when absent). */
    public static Credentials credentials(Function<String, Optional<String>> secret) {
        Optional<String> creds = present(secret, CREDS);
        if (creds.isPresent()) {
            return new Credentials(Kind.CREDS, creds.get(), null);
        }
        Optional<String> token = present(secret, TOKEN);
        if (token.isPresent()) {
            return new Credentials(Kind.TOKEN, token.get(), null);
        }
        Optional<String> user = present(secret, USER);
        if (user.isPresent()) {
            Optional<String> password = present(secret, PASSWORD);
            return password.map(p -> new Credentials(Kind.USER_PASSWORD, user.get(), p))
                    .orElseGet(() -> new Credentials(Kind.USER_WITHOUT_PASSWORD, user.get(), null));
        }
        return Credentials.NONE;
    }

    private static Optional<String> present(Function<String, Optional<String>> secret, String key) {
        Optional<String> value = secret.apply(key);
        return value == null ? Optional.empty() : value.filter(v -> !v.isBlank());
    }

    /** Which credentials a connection sends. */
    public enum Kind {
        /** The content of a {@code .creds} file (JWT and NKey seed): {@code value} is that content. */
        CREDS,
        /** {@code value} is the token. */
        TOKEN,
        /** {@code value} is the user, {@code password} the password. */
        USER_PASSWORD,
        /** A user and no password: a configuration error; nothing may be sent. */
        USER_WITHOUT_PASSWORD,
        /** No credentials. */
        NONE
    }

    /**
     * The chosen credentials. Equal values are equal credentials (the scaler pools connections by them); the string
     * form names the kind only, never a secret value.
     */
    public record Credentials(Kind kind, String value, String password) {

        public static final Credentials NONE = new Credentials(Kind.NONE, null, null);

        @Override
        public String toString() {
            return "NatsCredentials[" + kind + "]";
        }
    }
}
