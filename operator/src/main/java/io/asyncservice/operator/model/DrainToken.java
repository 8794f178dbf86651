package io.asyncservice.operator.model;

import io.asyncservice.api.sidecar.SidecarContract;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The secret a Deployment's preStop hook sends to the sidecar's {@link SidecarContract#DRAIN_PATH}, so that nothing
 * else in the cluster can drain it. The renderer puts it in the sidecar's {@link SidecarContract#DRAIN_TOKEN_ENV} and
 * in the preStop httpGet's {@link SidecarContract#DRAIN_TOKEN_HEADER}.
 *
 * <p>It is made once per Deployment and then kept ({@link #kept}): a new value on every reconcile would roll the pods.
 * It is no stronger than read access to the Deployment, which shows it; that is enough to keep other pods out.
 *
 * @param value 256 random bits, base64url without padding
 */
public record DrainToken(String value) {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final int BYTES = 32;

    public DrainToken {
        Objects.requireNonNull(value, "value");
        if (value.isBlank()) {
            throw new IllegalArgumentException("a drain token cannot be blank");
        }
    }

    /** A new random token. */
    public static DrainToken generate() {
        byte[] bytes = new byte[BYTES];
        RANDOM.nextBytes(bytes);
        return new DrainToken(Base64.getUrlEncoder().withoutPadding().encodeToString(bytes));
    }

    /** The token of the existing Deployment's sidecar, or a new one when there is none (new, or rendered before). */
    public static DrainToken kept(Deployment current) {
        return of(current).orElseGet(DrainToken::generate);
    }

    /** The token in the sidecar container of {@code deployment}, if it has one. */
    public static Optional<DrainToken> of(Deployment deployment) {
        if (deployment == null || deployment.getSpec() == null || deployment.getSpec().getTemplate() == null
                || deployment.getSpec().getTemplate().getSpec() == null) {
            return Optional.empty();
        }
        PodSpec pod = deployment.getSpec().getTemplate().getSpec();
        return Stream.concat(stream(pod.getContainers()), stream(pod.getInitContainers()))
                .filter(c -> Names.SIDECAR_CONTAINER.equals(c.getName()) && c.getEnv() != null)
                .flatMap(c -> c.getEnv().stream())
                .filter(e -> SidecarContract.DRAIN_TOKEN_ENV.equals(e.getName()))
                .map(EnvVar::getValue)
                .filter(v -> v != null && !v.isBlank())
                .findFirst()
                .map(DrainToken::new);
    }

    private static Stream<Container> stream(java.util.List<Container> containers) {
        return containers == null ? Stream.empty() : containers.stream();
    }

    /** Never the value, so that a log line or an exception message cannot carry it. */
    @Override
    public String toString() {
        return "DrainToken[...]";
    }
}
