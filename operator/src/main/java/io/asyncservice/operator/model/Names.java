package io.asyncservice.operator.model;

import io.asyncservice.api.sidecar.QueueRole;
import io.asyncservice.api.v1alpha1.AsyncService;
import io.asyncservice.api.v1alpha1.BrokerKind;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Every name, label and annotation the operator puts on what it renders.
 *
 * <p><b>Labels.</b> The operator selects an AsyncService's pods with a label of its own, {@link #LABEL_ASYNC_SERVICE}
 * (see {@link PodSelector}). The {@code app.kubernetes.io/*} labels of the pod template belong to the user and are
 * kept as written; the operator only fills in name, instance and managed-by where the user set none, so that tools
 * that look for them keep working. It depends only on the AsyncService's name, which Kubernetes never changes, so the
 * Deployment's selector never changes either.
 */
public final class Names {

    public static final String LABEL_NAME = "app.kubernetes.io/name";
    public static final String LABEL_INSTANCE = "app.kubernetes.io/instance";
    public static final String LABEL_MANAGED_BY = "app.kubernetes.io/managed-by";
    public static final String MANAGED_BY = "async-service-operator";
    /** The label selector that finds everything this operator renders, for its informers. */
    public static final String MANAGED_BY_SELECTOR = LABEL_MANAGED_BY + "=" + MANAGED_BY;
    /** The operator's own label, the one its Deployments select their pods with: the AsyncService's name. */
    public static final String LABEL_ASYNC_SERVICE = "asyncservice.io/name";

    /**
     * The field manager the scaler writes a Deployment's replicas with. Under autoscaling it alone owns
     * {@code spec.replicas}; the operator's server-side apply leaves that field out (see {@link ReplicaPolicy}).
     */
    public static final String SCALER_FIELD_MANAGER = "asyncservice-scaler";

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
    private static final String SECRET_VOLUME_PREFIX = "asyncservice-";

    /** The longest name whose value still fits in a label. */
    public static final int MAX_LABEL_VALUE_LENGTH = 63;

    private Names() {
    }

    public static String deploymentName(AsyncService asvc) {
        return asvc.getMetadata().getName();
    }

    /**
     * The labels that select the pods of one AsyncService's new Deployment: the operator's own label only, unique
     * within the namespace. A Deployment created before the operator had a label of its own keeps the selector it
     * was created with; see {@link PodSelector}.
     */
    public static Map<String, String> selectorLabels(AsyncService asvc) {
        return Map.of(LABEL_ASYNC_SERVICE, asvc.getMetadata().getName());
    }

    /**
     * The selector the operator used before it had a label of its own; Deployments created then still have it, and a
     * Deployment's selector cannot change.
     */
    public static Map<String, String> legacySelectorLabels(AsyncService asvc) {
        return recommendedLabels(asvc);
    }

    /** The selector of a new Deployment as a string, e.g. {@code asyncservice.io/name=summarizer}. */
    public static String selector(AsyncService asvc) {
        return selectorString(selectorLabels(asvc));
    }

    /** A label selector as kubectl and the scale subresource write it: {@code k=v,k=v}. */
    public static String selectorString(Map<String, String> labels) {
        return labels.entrySet().stream()
                .map(e -> e.getKey() + "=" + e.getValue())
                .collect(Collectors.joining(","));
    }

    /**
     * The Deployment's own labels: Kubernetes' recommended ones (the operator manages the Deployment, and its
     * informers find it by managed-by) and the operator's own.
     */
    public static Map<String, String> deploymentLabels(AsyncService asvc) {
        Map<String, String> labels = recommendedLabels(asvc);
        labels.put(LABEL_ASYNC_SERVICE, asvc.getMetadata().getName());
        return labels;
    }

    /**
     * The {@code app.kubernetes.io/*} labels a pod gets where the user's template sets none of that key; a value the
     * user wrote is always kept.
     */
    public static Map<String, String> defaultPodLabels(AsyncService asvc) {
        return recommendedLabels(asvc);
    }

    private static Map<String, String> recommendedLabels(AsyncService asvc) {
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put(LABEL_NAME, asvc.getMetadata().getName());
        labels.put(LABEL_INSTANCE, asvc.getMetadata().getName());
        labels.put(LABEL_MANAGED_BY, MANAGED_BY);
        return labels;
    }

    /** The volume of a Secret mounted into the sidecar, e.g. {@code asyncservice-kafka-input}. */
    public static String secretVolume(BrokerKind kind, QueueRole role) {
        return SECRET_VOLUME_PREFIX + kind.fieldName() + "-" + role.field().toLowerCase(Locale.ROOT);
    }

    /** Whether a volume name is one the operator adds to the pod. */
    public static boolean isOperatorVolume(String name) {
        if (TMP_VOLUME.equals(name)) {
            return true;
        }
        for (BrokerKind kind : BrokerKind.values()) {
            if (name != null && name.startsWith(SECRET_VOLUME_PREFIX + kind.fieldName() + "-")) {
                return true;
            }
        }
        return false;
    }
}
