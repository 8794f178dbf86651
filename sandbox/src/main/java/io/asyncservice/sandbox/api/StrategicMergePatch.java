package io.asyncservice.sandbox.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Kubernetes' strategic merge patch, for the built-in types kubectl patches this way ({@code kubectl apply} on a
 * Deployment or Secret, {@code kubectl edit}, {@code kubectl rollout restart}). The fabric8 mock rejects it, so
 * the sandbox applies it here and stores the result.
 *
 * <p>It is a merge patch plus these rules: lists whose elements have a merge key (containers by {@code name},
 * volumeMounts by {@code mountPath}, ...) merge element by element; {@code $patch: delete|replace},
 * {@code $setElementOrder/<list>}, {@code $deleteFromPrimitiveList/<list>} and {@code $retainKeys} are honoured;
 * finalizers merge as a set. The merge keys come from a table of the fields the sandbox's objects use, not from
 * the OpenAPI schema, so a list it does not know is replaced, as in a JSON merge patch.
 */
final class StrategicMergePatch {

    private static final Map<String, String> MERGE_KEYS = Map.ofEntries(
            Map.entry("containers", "name"),
            Map.entry("initContainers", "name"),
            Map.entry("ephemeralContainers", "name"),
            Map.entry("env", "name"),
            Map.entry("volumes", "name"),
            Map.entry("volumeMounts", "mountPath"),
            Map.entry("volumeDevices", "devicePath"),
            Map.entry("imagePullSecrets", "name"),
            Map.entry("hostAliases", "ip"),
            Map.entry("ownerReferences", "uid"),
            Map.entry("conditions", "type"),
            Map.entry("topologySpreadConstraints", "topologyKey"));
    private static final Set<String> PRIMITIVE_SETS = Set.of("finalizers");
    private static final String PATCH = "$patch";
    private static final String RETAIN_KEYS = "$retainKeys";
    private static final String SET_ORDER = "$setElementOrder/";
    private static final String DELETE_FROM_PRIMITIVE_LIST = "$deleteFromPrimitiveList/";

    private StrategicMergePatch() {
    }

    /** Returns the patched document; {@code target} is not changed. */
    static JsonNode apply(JsonNode target, JsonNode patch) {
        return mergeObject(target != null && target.isObject() ? (ObjectNode) target.deepCopy()
                : JsonNodeFactory.instance.objectNode(), (ObjectNode) patch);
    }

    private static ObjectNode mergeObject(ObjectNode target, ObjectNode patch) {
        String directive = patch.path(PATCH).asText("");
        if (directive.equals("replace")) {
            ObjectNode replacement = patch.deepCopy();
            replacement.remove(PATCH);
            return replacement;
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = patch.fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> field = it.next();
            String key = field.getKey();
            JsonNode value = field.getValue();
            if (key.equals(PATCH) || key.equals(RETAIN_KEYS) || key.startsWith(SET_ORDER)) {
                continue;
            }
            if (key.startsWith(DELETE_FROM_PRIMITIVE_LIST)) {
                deleteFromPrimitiveList(target, key.substring(DELETE_FROM_PRIMITIVE_LIST.length()), value);
            } else if (value.isNull() || (value.isObject() && value.path(PATCH).asText("").equals("delete"))) {
                target.remove(key);
            } else if (value.isObject()) {
                JsonNode existing = target.get(key);
                target.set(key, mergeObject(existing != null && existing.isObject() ? (ObjectNode) existing
                        : JsonNodeFactory.instance.objectNode(), (ObjectNode) value));
            } else if (value.isArray()) {
                target.set(key, mergeList(key, target.get(key), (ArrayNode) value));
            } else {
                target.set(key, value.deepCopy());
            }
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = patch.fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> field = it.next();
            if (field.getKey().startsWith(SET_ORDER) && target.get(field.getKey().substring(SET_ORDER.length())) != null) {
                String list = field.getKey().substring(SET_ORDER.length());
                target.set(list, order(list, (ArrayNode) target.get(list), (ArrayNode) field.getValue()));
            }
        }
        if (patch.has(RETAIN_KEYS)) {
            List<String> retain = new ArrayList<>();
            patch.get(RETAIN_KEYS).forEach(n -> retain.add(n.asText()));
            target.retain(retain);
        }
        return target;
    }

    private static JsonNode mergeList(String field, JsonNode existing, ArrayNode patch) {
        ArrayNode current = existing != null && existing.isArray() ? (ArrayNode) existing.deepCopy()
                : JsonNodeFactory.instance.arrayNode();
        for (JsonNode element : patch) {
            if (element.isObject() && element.path(PATCH).asText("").equals("replace")) {
                ArrayNode replacement = JsonNodeFactory.instance.arrayNode();
                patch.forEach(e -> {
                    if (!(e.isObject() && e.has(PATCH))) {
                        replacement.add(e.deepCopy());
                    }
                });
                return replacement;
            }
        }
        if (PRIMITIVE_SETS.contains(field)) {
            for (JsonNode element : patch) {
                if (!contains(current, element)) {
                    current.add(element.deepCopy());
                }
            }
            return current;
        }
        String mergeKey = mergeKey(field, patch, current);
        if (mergeKey == null) {
            ArrayNode replacement = patch.deepCopy();
            return replacement;
        }
        for (JsonNode element : patch) {
            if (!element.isObject()) {
                continue;
            }
            int index = indexOf(current, mergeKey, element.get(mergeKey));
            if (element.path(PATCH).asText("").equals("delete")) {
                if (index >= 0) {
                    current.remove(index);
                }
            } else if (index >= 0) {
                current.set(index, mergeObject((ObjectNode) current.get(index), (ObjectNode) element));
            } else {
                current.add(mergeObject(JsonNodeFactory.instance.objectNode(), (ObjectNode) element));
            }
        }
        return current;
    }

    /** The list's merge key, or null when it has none and is replaced as a whole. */
    static String mergeKey(String field, ArrayNode patch, ArrayNode current) {
        if (field.equals("ports")) {
            boolean containerPorts = anyHas(patch, "containerPort") || anyHas(current, "containerPort");
            return containerPorts ? "containerPort" : "port";
        }
        String key = MERGE_KEYS.get(field);
        if (key == null) {
            return null;
        }
        for (JsonNode element : patch) {
            if (!element.isObject() || !element.has(key)) {
                return null;
            }
        }
        return key;
    }

    private static ArrayNode order(String field, ArrayNode list, ArrayNode order) {
        String key = mergeKey(field, order, list);
        ArrayNode ordered = JsonNodeFactory.instance.arrayNode();
        List<JsonNode> remaining = new ArrayList<>();
        list.forEach(remaining::add);
        for (JsonNode wanted : order) {
            for (Iterator<JsonNode> it = remaining.iterator(); it.hasNext();) {
                JsonNode element = it.next();
                boolean same = key == null ? element.equals(wanted) : element.path(key).equals(wanted.path(key));
                if (same) {
                    ordered.add(element);
                    it.remove();
                    break;
                }
            }
        }
        remaining.forEach(ordered::add);
        return ordered;
    }

    private static void deleteFromPrimitiveList(ObjectNode target, String field, JsonNode values) {
        JsonNode list = target.get(field);
        if (list == null || !list.isArray()) {
            return;
        }
        ArrayNode kept = JsonNodeFactory.instance.arrayNode();
        list.forEach(v -> {
            if (!contains((ArrayNode) values, v)) {
                kept.add(v);
            }
        });
        target.set(field, kept);
    }

    private static boolean anyHas(ArrayNode list, String key) {
        for (JsonNode element : list) {
            if (element.has(key)) {
                return true;
            }
        }
        return false;
    }

    private static boolean contains(ArrayNode list, JsonNode value) {
        for (JsonNode element : list) {
            if (element.equals(value)) {
                return true;
            }
        }
        return false;
    }

    private static int indexOf(ArrayNode list, String key, JsonNode value) {
        for (int i = 0; i < list.size(); i++) {
            if (list.get(i).path(key).equals(value)) {
                return i;
            }
        }
        return -1;
    }
}
