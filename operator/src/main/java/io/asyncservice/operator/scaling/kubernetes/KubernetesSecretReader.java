package io.asyncservice.operator.scaling.kubernetes;

import io.asyncservice.operator.scaling.SecretReader;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Reads a Secret through the API, in the AsyncService's own namespace; the operator's RBAC grants it only the
 * Secrets AsyncServices reference. Read when a backlog reader is opened, not on every poll.
 */
public final class KubernetesSecretReader implements SecretReader {

    private final KubernetesClient client;

    public KubernetesSecretReader(KubernetesClient client) {
        this.client = client;
    }

    @Override
    public Optional<Map<String, String>> read(String namespace, String name) {
        Secret secret = client.secrets().inNamespace(namespace).withName(name).get();
        if (secret == null) {
            return Optional.empty();
        }
        Map<String, String> values = new HashMap<>();
        if (secret.getData() != null) {
            secret.getData().forEach((k, v) -> values.put(k, v == null ? "" : new String(Base64.getMimeDecoder().decode(v),
                    StandardCharsets.UTF_8)));
        }
        if (secret.getStringData() != null) {
            values.putAll(secret.getStringData());
        }
        return Optional.of(values);
    }
}
