package io.asyncservice.operator.model;

import io.asyncservice.api.sidecar.QueueRole;
import io.asyncservice.api.v1alpha1.AsyncService;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Every name, label and annotation the operator puts on what it renders. The selector labels depend only on the
 * AsyncService's name, which Kubernetes never changes, so the Deployment's selector never changes either.
 */
public final class Names {

    public static final String LABEL_NAME = "app.kubernetes.io/name";
    public static final String LABEL_INSTANCE = "app.kubernetes.io/instance";
    public static final String LABEL_MANAGED_BY = "app.kubernetes.io/managed-by";
    public static final String MANAGED_BY = "async-service-operator";
    /** The label selector that finds everything this operator renders, for its informers. */
    public static final String MANAGED_BY_SELECTOR = LABEL_MANAGED_BY + "=" + MANAGED_BY;

    /** On the pod template: a hash of the sidecar configuration and of the referenced Secrets' data. */
    public static final String CONFIG_HASH_ANNOTATION = "asyncservice.io/config-hash";
    /** On the Deployment: a hash of the rendered spec without replicas, so that a removal in the spec is seen too. */
    public static final String SPEC_HASH_ANNOTATION = "asyncservice.io/spec-hash";
    public static final String PROMETHEUS_SCRAPE = "prometheus.io/scrape";
    public static final String PROMETHEUS_PORT = "prometheus.io/port";
    public static final String PROMETHEUS_PATH = "prometheus.io/path";

    public static final String SIDECAR_CONTAINER = "asyncservice-sidecar";
    /** A port name is at most 15 characters. */
    public static final String SIDECAR_PORT_NAME = "asvc-sidecar";
    public static final String TMP_VOLUME = "asyncservice-tmp";
    private static final String KAFKA_VOLUME_PREFIX = "asyncservice-kafka-";

    /** The longest name whose value still fits in a label. */
    public static final int MAX_LABEL_VALUE_LENGTH = 63;

    private Names() {
    }

    public static String deploymentName(AsyncService asvc) {
        return asvc.getMetadata().getName();
    }

    /** The labels that select the pods of one AsyncService; unique within its namespace. */
    public static Map<String, String> selectorLabels(AsyncService asvc) {
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put(LABEL_NAME, asvc.getMetadata().getName());
        labels.put(LABEL_INSTANCE, asvc.getMetadata().getName());
        labels.put(LABEL_MANAGED_BY, MANAGED_BY);
        return labels;
    }

    /** The selector as a string, e.g. for the scale subresource's {@code status.selector}. */
    public static String selector(AsyncService asvc) {
        return selectorLabels(asvc).entrySet().stream()
                .map(e -> e.getKey() + "=" + e.getValue())
                .collect(Collectors.joining(","));
    }

    /** The volume that mounts a role's Kafka client properties, e.g. {@code asyncservice-kafka-deadletter}. */
    public static String kafkaVolume(QueueRole role) {
        return KAFKA_VOLUME_PREFIX + role.field().toLowerCase(Locale.ROOT);
    }

    /** Whether a volume name is one the operator adds to the pod. */
    public static boolean isOperatorVolume(String name) {
        return TMP_VOLUME.equals(name) || (name != null && name.startsWith(KAFKA_VOLUME_PREFIX));
    }
}
