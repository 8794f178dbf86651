package io.asyncservice.api.broker;

import java.util.List;
import java.util.Optional;

/**
 * One Secret a broker refers to, and how its values reach the sidecar: as environment variables from
 * {@code secretKeyRef}s ({@link #env}), or as files of the Secret mounted read-only at {@link #mountPath}.
 *
 * @param field      the spec field that names the Secret, relative to the kind, e.g. {@code credentialsSecret}
 * @param secretName the Secret's name, in the AsyncService's namespace
 * @param env        the Secret keys passed as variables; empty when the Secret is mounted
 * @param mountPath  where the whole Secret is mounted in the sidecar, or null
 */
public record SecretUse(String field, String secretName, List<SecretEnv> env, String mountPath) {

    public SecretUse {
        env = List.copyOf(env);
    }

    /** A Secret whose keys become variables. */
    public static SecretUse asEnv(String field, String secretName, List<SecretEnv> env) {
        return new SecretUse(field, secretName, env, null);
    }

    /** A Secret mounted as files, one per key. */
    public static SecretUse mounted(String field, String secretName, String mountPath) {
        return new SecretUse(field, secretName, List.of(), mountPath);
    }

    /** The Secret name a spec field gives, if it names one: a blank name is no Secret. */
    public static Optional<String> named(String name) {
        return name == null || name.isBlank() ? Optional.empty() : Optional.of(name);
    }

    /** The keys that must be in the Secret, or the pod cannot start. */
    public List<String> requiredKeys() {
        return env.stream().filter(SecretEnv::required).map(SecretEnv::secretKey).toList();
    }

    public boolean isMounted() {
        return mountPath != null;
    }

    /**
     * One Secret key passed as a variable.
     *
     * @param secretKey   the key in the user's Secret
     * @param contractKey the key the sidecar reads it under ({@code SidecarContract.secretEnv(role, contractKey)})
     * @param required    whether the pod cannot start without it
     */
    public record SecretEnv(String secretKey, String contractKey, boolean required) {
    }
}
