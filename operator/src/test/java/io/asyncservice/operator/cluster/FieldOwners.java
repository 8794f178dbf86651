package io.asyncservice.operator.cluster;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ManagedFieldsEntry;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Who owns a field of an object, read from its {@code metadata.managedFields} as {@code kubectl get -o yaml
 * --show-managed-fields} shows them: the field managers whose field set holds the path.
 */
public final class FieldOwners {

    private FieldOwners() {
    }

    /**
     * The managers owning {@code path} (e.g. {@code "spec", "replicas"}), each as {@code manager/Operation}, e.g.
     * {@code asyncservice/Apply} or {@code asyncservice-scaler/Update}.
     */
    public static Set<String> of(HasMetadata object, String... path) {
        Set<String> owners = new TreeSet<>();
        for (ManagedFieldsEntry entry : object.getMetadata().getManagedFields()) {
            if (entry.getFieldsV1() != null && holds(entry.getFieldsV1().getAdditionalProperties(), path)) {
                owners.add(entry.getManager() + "/" + entry.getOperation());
            }
        }
        return owners;
    }

    private static boolean holds(Map<String, Object> fields, String... path) {
        Object node = fields;
        for (String key : path) {
            if (!(node instanceof Map<?, ?> map) || !map.containsKey("f:" + key)) {
                return false;
            }
            node = map.get("f:" + key);
        }
        return true;
    }
}
