package io.asyncservice.sandbox.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.mockwebserver.dsl.HttpMethod;
import io.fabric8.mockwebserver.http.MockResponse;
import java.util.Iterator;
import java.util.Locale;
import java.util.Optional;

/**
 * Applies the patch types the fabric8 mock gets wrong or rejects, and stores the result through the mock as a
 * JSON patch, so the mock still does what it does well (status subresource, generation, resourceVersion, watch
 * events):
 * <ul>
 *   <li>{@code application/strategic-merge-patch+json} (kubectl apply, edit and rollout on built-in types): the
 *       mock answers 415; here it is applied by {@link StrategicMergePatch};</li>
 *   <li>{@code application/merge-patch+json}: the mock merges with Jackson and keeps {@code null}s; here it is
 *       applied by the RFC 7386 rules of {@link MergePatch};</li>
 *   <li>{@code application/apply-patch+yaml} (server-side apply): refused with a clear 415, as the mock cannot
 *       do it.</li>
 * </ul>
 * JSON patches pass through unchanged.
 */
final class PatchTranslator {

    static final String MERGE_PATCH = "application/merge-patch+json";
    static final String STRATEGIC_MERGE_PATCH = "application/strategic-merge-patch+json";
    static final String APPLY_PATCH = "application/apply-patch";

    private final CrudStore store;
    private final StatusResponses statuses;

    PatchTranslator(CrudStore store, StatusResponses statuses) {
        this.store = store;
        this.statuses = statuses;
    }

    /** Whether this translator handles a PATCH with this content type. */
    static boolean handles(String contentType) {
        String type = mediaType(contentType);
        return type.equals(MERGE_PATCH) || type.equals(STRATEGIC_MERGE_PATCH) || type.startsWith(APPLY_PATCH);
    }

    MockResponse patch(ApiPath path, String rawPath, String contentType, String body) {
        String type = mediaType(contentType);
        if (type.startsWith(APPLY_PATCH)) {
            return statuses.error(415, "UnsupportedMediaType",
                    "server-side apply is not supported by the sandbox API (the fabric8 mock server); "
                            + "use client-side kubectl apply");
        }
        Optional<JsonNode> current = store.read(path.objectPath());
        if (current.isEmpty()) {
            return statuses.notFound(path);
        }
        JsonNode patch;
        try {
            patch = store.parse(body);
        } catch (IllegalArgumentException e) {
            return statuses.error(400, "BadRequest", "the patch is not valid JSON: " + e.getMessage());
        }
        if (!patch.isObject()) {
            return statuses.error(400, "BadRequest", "a merge patch must be a JSON object");
        }
        JsonNode merged = type.equals(STRATEGIC_MERGE_PATCH)
                ? StrategicMergePatch.apply(current.get(), patch)
                : MergePatch.apply(current.get(), patch);
        if (SecretData.applies(path)) {
            merged = SecretData.normalize(merged);
        }
        ArrayNode ops = topLevelOps(current.get(), merged);
        return store.request(HttpMethod.PATCH, rawPath, CrudStore.JSON_PATCH, store.write(ops));
    }

    /** A JSON patch that turns {@code current} into {@code merged}, one operation per changed top-level field. */
    static ArrayNode topLevelOps(JsonNode current, JsonNode merged) {
        ArrayNode ops = JsonNodeFactory.instance.arrayNode();
        for (Iterator<String> it = merged.fieldNames(); it.hasNext();) {
            String field = it.next();
            if (!merged.get(field).equals(current.get(field))) {
                ObjectNode op = ops.addObject();
                op.put("op", "add");
                op.put("path", "/" + field.replace("~", "~0").replace("/", "~1"));
                op.set("value", merged.get(field));
            }
        }
        for (Iterator<String> it = current.fieldNames(); it.hasNext();) {
            String field = it.next();
            if (!merged.has(field)) {
                ObjectNode op = ops.addObject();
                op.put("op", "remove");
                op.put("path", "/" + field.replace("~", "~0").replace("/", "~1"));
            }
        }
        return ops;
    }

    private static String mediaType(String contentType) {
        if (contentType == null) {
            return "";
        }
        int semicolon = contentType.indexOf(';');
        return (semicolon < 0 ? contentType : contentType.substring(0, semicolon)).trim().toLowerCase(Locale.ROOT);
    }
}
