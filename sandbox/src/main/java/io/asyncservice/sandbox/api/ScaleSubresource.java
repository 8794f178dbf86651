package io.asyncservice.sandbox.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceSubresourceScale;
import io.fabric8.mockwebserver.dsl.HttpMethod;
import io.fabric8.mockwebserver.http.MockResponse;
import java.util.Iterator;
import java.util.Map;
import java.util.Optional;
import java.util.StringJoiner;

/**
 * The {@code /scale} subresource, answered as an {@code autoscaling/v1 Scale} as the real API server does: GET
 * reads the object's replicas; PUT and PATCH (merge, strategic or JSON patch of the Scale) set the object's spec
 * replicas. For Deployments and the other apps/v1 workloads the paths are {@code .spec.replicas},
 * {@code .status.replicas} and {@code .spec.selector}; for a custom resource they come from its CRD's
 * {@code subresources.scale}.
 */
final class ScaleSubresource {

    private final ObjectMapper mapper;
    private final CrudStore store;
    private final ApiCatalog catalog;
    private final StatusResponses statuses;

    ScaleSubresource(ObjectMapper mapper, CrudStore store, ApiCatalog catalog, StatusResponses statuses) {
        this.mapper = mapper;
        this.store = store;
        this.catalog = catalog;
        this.statuses = statuses;
    }

    MockResponse handle(ApiPath path, HttpMethod method, String contentType, String body) {
        Optional<ScalePaths> paths = scalePaths(path);
        if (paths.isEmpty()) {
            return statuses.notFound(path);
        }
        Optional<JsonNode> object = store.read(path.objectPath());
        if (object.isEmpty()) {
            return statuses.notFound(path);
        }
        ObjectNode scale = toScale(object.get(), paths.get());
        if (method == HttpMethod.GET) {
            return ok(scale);
        }
        JsonNode requested;
        try {
            requested = requestedScale(scale, method, contentType, body);
        } catch (IllegalArgumentException e) {
            return statuses.error(400, "BadRequest", e.getMessage());
        }
        String expectedVersion = requested.path("metadata").path("resourceVersion").asText("");
        if (method == HttpMethod.PUT && !expectedVersion.isEmpty()
                && !expectedVersion.equals(scale.path("metadata").path("resourceVersion").asText())) {
            return statuses.error(409, "Conflict", "Operation cannot be fulfilled on " + path.plural() + " \""
                    + path.name() + "\": the object has been modified; please apply your changes to the latest "
                    + "version and try again");
        }
        JsonNode replicas = requested.path("spec").path("replicas");
        if (!replicas.canConvertToInt() || replicas.asInt() < 0) {
            return statuses.error(422, "Invalid", "spec.replicas must be a number of at least 0");
        }
        ArrayNode ops = mapper.createArrayNode();
        ObjectNode op = ops.addObject();
        op.put("op", "add");
        op.put("path", pointer(paths.get().specReplicas()));
        op.put("value", replicas.asInt());
        MockResponse written = store.request(HttpMethod.PATCH, path.objectPath(), CrudStore.JSON_PATCH, store.write(ops));
        if (written.code() >= 300) {
            return written;
        }
        return ok(toScale(store.parse(CrudStore.bodyOf(written)), paths.get()));
    }

    private JsonNode requestedScale(ObjectNode scale, HttpMethod method, String contentType, String body) {
        JsonNode request = store.parse(body);
        if (method == HttpMethod.PUT) {
            return request;
        }
        if (contentType != null && contentType.startsWith(CrudStore.JSON_PATCH)) {
            return io.fabric8.zjsonpatch.JsonPatch.apply(request, scale);
        }
        if (contentType != null && contentType.startsWith(PatchTranslator.STRATEGIC_MERGE_PATCH)) {
            return StrategicMergePatch.apply(scale, request);
        }
        return MergePatch.apply(scale, request);
    }

    private Optional<ScalePaths> scalePaths(ApiPath path) {
        Optional<ApiResource> resource = catalog.find(path.group(), path.version(), path.plural());
        if (resource.isEmpty() || !resource.get().hasSubresource("scale")) {
            return Optional.empty();
        }
        if (path.group().equals("apps")) {
            return Optional.of(new ScalePaths(".spec.replicas", ".status.replicas", null));
        }
        return catalog.crd(path.group(), path.plural()).flatMap(crd -> crd.getSpec().getVersions().stream()
                .filter(v -> v.getName().equals(path.version()) && v.getSubresources() != null
                        && v.getSubresources().getScale() != null)
                .findFirst()
                .map(v -> {
                    CustomResourceSubresourceScale s = v.getSubresources().getScale();
                    return new ScalePaths(s.getSpecReplicasPath(), s.getStatusReplicasPath(), s.getLabelSelectorPath());
                }));
    }

    private ObjectNode toScale(JsonNode object, ScalePaths paths) {
        ObjectNode scale = mapper.createObjectNode();
        scale.put("kind", "Scale");
        scale.put("apiVersion", "autoscaling/v1");
        ObjectNode metadata = scale.putObject("metadata");
        JsonNode source = object.path("metadata");
        for (String field : new String[] {"name", "namespace", "uid", "resourceVersion", "creationTimestamp"}) {
            if (source.has(field)) {
                metadata.set(field, source.get(field));
            }
        }
        scale.putObject("spec").put("replicas", at(object, paths.specReplicas()).asInt(0));
        ObjectNode status = scale.putObject("status");
        status.put("replicas", at(object, paths.statusReplicas()).asInt(0));
        String selector = paths.labelSelector() == null
                ? selector(object.path("spec").path("selector"))
                : at(object, paths.labelSelector()).asText("");
        if (!selector.isEmpty()) {
            status.put("selector", selector);
        }
        return scale;
    }

    /** A label selector as text, e.g. {@code app=web,tier=worker}; only matchLabels, which is what Deployments use here. */
    static String selector(JsonNode labelSelector) {
        StringJoiner joiner = new StringJoiner(",");
        for (Iterator<Map.Entry<String, JsonNode>> it = labelSelector.path("matchLabels").fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> label = it.next();
            joiner.add(label.getKey() + "=" + label.getValue().asText());
        }
        return joiner.toString();
    }

    private static JsonNode at(JsonNode object, String dottedPath) {
        return object.at(pointer(dottedPath));
    }

    /** {@code .spec.replicas} as the JSON pointer {@code /spec/replicas}. */
    static String pointer(String dottedPath) {
        return dottedPath.startsWith(".") ? dottedPath.replace('.', '/') : "/" + dottedPath.replace('.', '/');
    }

    private MockResponse ok(ObjectNode scale) {
        return new MockResponse().setResponseCode(200).setHeader("Content-Type", "application/json")
                .setBody(scale.toString());
    }

    private record ScalePaths(String specReplicas, String statusReplicas, String labelSelector) {
    }
}
