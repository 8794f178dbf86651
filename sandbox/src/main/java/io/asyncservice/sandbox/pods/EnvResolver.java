package io.asyncservice.sandbox.pods;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvFromSource;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.Secret;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A container's environment as the kubelet builds it: {@code envFrom} first, then {@code env} in order, with
 * {@code $(VAR)} references to earlier variables expanded, and {@code valueFrom} resolved from Secrets and
 * ConfigMaps in the API ({@code secretKeyRef}, {@code configMapKeyRef}, honouring {@code optional}) and from the
 * pod's own fields ({@code fieldRef}).
 */
final class EnvResolver {

    /** Reads Secrets and ConfigMaps of a namespace from the API. */
    interface ObjectLookup {
        Optional<Secret> secret(String namespace, String name);

        Optional<ConfigMap> configMap(String namespace, String name);
    }

    private static final Pattern REFERENCE = Pattern.compile("\\$\\(([A-Za-z_][A-Za-z0-9_.\\-]*)\\)|\\$\\$");

    private final ObjectLookup lookup;

    EnvResolver(ObjectLookup lookup) {
        this.lookup = lookup;
    }

    /**
     * @param pod   the pod's metadata, for fieldRef
     * @param podIp the pod's IP, for {@code status.podIP}; {@code status.hostIP} is the node's,
     *              {@value SandboxNode#ADDRESS}
     */
    Map<String, String> resolve(ObjectMeta pod, String nodeName, String podIp, Container container)
            throws ContainerConfigException {
        String namespace = pod.getNamespace();
        Map<String, String> env = new LinkedHashMap<>();
        for (EnvFromSource from : nullToEmpty(container.getEnvFrom())) {
            String prefix = from.getPrefix() == null ? "" : from.getPrefix();
            if (from.getSecretRef() != null) {
                Optional<Secret> secret = lookup.secret(namespace, from.getSecretRef().getName());
                if (secret.isEmpty() && !Boolean.TRUE.equals(from.getSecretRef().getOptional())) {
                    throw missing("secret", from.getSecretRef().getName());
                }
                secret.ifPresent(s -> decoded(s).forEach((k, v) -> env.put(prefix + k, v)));
            }
            if (from.getConfigMapRef() != null) {
                Optional<ConfigMap> map = lookup.configMap(namespace, from.getConfigMapRef().getName());
                if (map.isEmpty() && !Boolean.TRUE.equals(from.getConfigMapRef().getOptional())) {
                    throw missing("configmap", from.getConfigMapRef().getName());
                }
                map.ifPresent(m -> nullToEmpty(m.getData()).forEach((k, v) -> env.put(prefix + k, v)));
            }
        }
        for (EnvVar var : nullToEmpty(container.getEnv())) {
            if (var.getValueFrom() == null) {
                env.put(var.getName(), expand(var.getValue() == null ? "" : var.getValue(), env));
                continue;
            }
            Optional<String> value = valueFrom(var, pod, nodeName, podIp);
            value.ifPresent(v -> env.put(var.getName(), v));
        }
        return env;
    }

    private Optional<String> valueFrom(EnvVar var, ObjectMeta pod, String nodeName, String podIp)
            throws ContainerConfigException {
        var from = var.getValueFrom();
        if (from.getSecretKeyRef() != null) {
            var ref = from.getSecretKeyRef();
            boolean optional = Boolean.TRUE.equals(ref.getOptional());
            Optional<Secret> secret = lookup.secret(pod.getNamespace(), ref.getName());
            if (secret.isEmpty()) {
                if (optional) {
                    return Optional.empty();
                }
                throw missing("secret", ref.getName());
            }
            String value = decoded(secret.get()).get(ref.getKey());
            if (value == null && !optional) {
                throw new ContainerConfigException("CreateContainerConfigError",
                        "couldn't find key " + ref.getKey() + " in Secret " + pod.getNamespace() + "/" + ref.getName());
            }
            return Optional.ofNullable(value);
        }
        if (from.getConfigMapKeyRef() != null) {
            var ref = from.getConfigMapKeyRef();
            boolean optional = Boolean.TRUE.equals(ref.getOptional());
            Optional<ConfigMap> map = lookup.configMap(pod.getNamespace(), ref.getName());
            if (map.isEmpty()) {
                if (optional) {
                    return Optional.empty();
                }
                throw missing("configmap", ref.getName());
            }
            String value = nullToEmpty(map.get().getData()).get(ref.getKey());
            if (value == null && !optional) {
                throw new ContainerConfigException("CreateContainerConfigError",
                        "couldn't find key " + ref.getKey() + " in ConfigMap " + pod.getNamespace() + "/" + ref.getName());
            }
            return Optional.ofNullable(value);
        }
        if (from.getFieldRef() != null) {
            return Optional.of(field(from.getFieldRef().getFieldPath(), pod, nodeName, podIp));
        }
        return Optional.empty();
    }

    private static String field(String path, ObjectMeta pod, String nodeName, String podIp) {
        Matcher indexed = Pattern.compile("metadata\\.(labels|annotations)\\['(.+)']").matcher(path);
        if (indexed.matches()) {
            Map<String, String> source = indexed.group(1).equals("labels") ? pod.getLabels() : pod.getAnnotations();
            return nullToEmpty(source).getOrDefault(indexed.group(2), "");
        }
        return switch (path) {
            case "metadata.name" -> pod.getName();
            case "metadata.namespace" -> pod.getNamespace();
            case "metadata.uid" -> pod.getUid() == null ? "" : pod.getUid();
            case "spec.nodeName" -> nodeName;
            case "status.podIP", "status.podIPs" -> podIp;
            case "status.hostIP", "status.hostIPs" -> SandboxNode.ADDRESS;
            case "spec.serviceAccountName" -> "default";
            default -> "";
        };
    }

    /** Expands {@code $(VAR)} from the variables defined so far; {@code $$} is a literal {@code $}. */
    static String expand(String value, Map<String, String> defined) {
        Matcher m = REFERENCE.matcher(value);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String replacement;
            if (m.group(1) == null) {
                replacement = "$";
            } else {
                replacement = defined.getOrDefault(m.group(1), m.group());
            }
            m.appendReplacement(out, Matcher.quoteReplacement(replacement));
        }
        m.appendTail(out);
        return out.toString();
    }

    private static Map<String, String> decoded(Secret secret) {
        Map<String, String> values = new LinkedHashMap<>();
        nullToEmpty(secret.getData()).forEach((k, v) ->
                values.put(k, new String(Base64.getDecoder().decode(v), StandardCharsets.UTF_8)));
        values.putAll(nullToEmpty(secret.getStringData()));
        return values;
    }

    private static ContainerConfigException missing(String kind, String name) {
        return new ContainerConfigException("CreateContainerConfigError", kind + " \"" + name + "\" not found");
    }

    private static <K, V> Map<K, V> nullToEmpty(Map<K, V> map) {
        return map == null ? Map.of() : map;
    }

    private static <T> List<T> nullToEmpty(List<T> list) {
        return list == null ? List.of() : list;
    }
}
