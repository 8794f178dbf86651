package io.asyncservice.clients.nats;

import io.asyncservice.api.sidecar.SidecarContract;
import java.util.Optional;
import java.util.function.Function;

/**
 * The credentials a NATS connection sends, chosen from the keys of {@code nats.credentialsSecret}
 * ({@link SidecarContract#NATS_SECRET_KEYS}) the same way by the sidecar and the scaler: exactly one kind, the first
 * present of a {@code creds} file, a {@code token}, a {@code user} with its {@code password}. A blank value counts as
 * absent, and a user without a password is a configuration error, never a login with an empty password.
 *
 * <p>Equal values are equal credentials (the scaler pools connections by them); the string form names the kind only,
 * never a secret value.
 *
 * @param value    the creds file's content, the token or the user, by {@code kind}
 * @param password the password of {@link Kind#USER_PASSWORD}, else null
 */
public record NatsCredentials(Kind kind, String value, String password) {

    public static final String CREDS = "creds";
    public static final String TOKEN = "token";
    public static final String USER = "user";
    public static final String PASSWORD = "password";

    public static final NatsCredentials NONE = new NatsCredentials(Kind.NONE, null, null);

    /** Which credentials a connection sends. */
    public enum Kind {
        /** The content of a {@code .creds} file (JWT and NKey seed). */
        CREDS,
        TOKEN,
        USER_PASSWORD,
        /** A user and no password: a configuration error; nothing may be sent. */
        USER_WITHOUT_PASSWORD,
        /** No credentials: an open server. */
        NONE
    }

    /** The credentials to send, chosen from the Secret's values ({@code key -> value}, empty when absent). */
    public static NatsCredentials choose(Function<String, Optional<String>> secret) {
        Optional<String> creds = present(secret, CREDS);
        if (creds.isPresent()) {
            return new NatsCredentials(Kind.CREDS, creds.get(), null);
        }
        Optional<String> token = present(secret, TOKEN);
        if (token.isPresent()) {
            return new NatsCredentials(Kind.TOKEN, token.get(), null);
        }
        Optional<String> user = present(secret, USER);
        if (user.isPresent()) {
            return present(secret, PASSWORD).map(p -> new NatsCredentials(Kind.USER_PASSWORD, user.get(), p))
                    .orElseGet(() -> new NatsCredentials(Kind.USER_WITHOUT_PASSWORD, user.get(), null));
        }
        return NONE;
    }

    private static Optional<String> present(Function<String, Optional<String>> secret, String key) {
        Optional<String> value = secret.apply(key);
        return value == null ? Optional.empty() : value.filter(v -> !v.isBlank());
    }

    @Override
    public String toString() {
        return "NatsCredentials[" + kind + "]";
    }
}
