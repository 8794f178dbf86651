package io.asyncservice.sandbox.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Just enough OpenAPI v3 for kubectl to trust the server with field validation. kubectl 1.32 validates
 * {@code apply} and {@code create} input before sending it: it looks in {@code /openapi/v3/<group-version>} for
 * the kind's PATCH operation with a {@code fieldValidation} query parameter, and if it finds one it leaves the
 * validation to the server; otherwise it wants the OpenAPI v2 schema, and fails without it unless
 * {@code --validate=false} is given. These documents declare that operation for every resource, and carry no
 * schemas: so plain {@code kubectl apply} works, and input is not validated against the CRD schema (the mock
 * stores what it is sent). kubectl then computes strategic merge patches for built-in kinds from its own compiled
 * types, and JSON merge patches for custom resources.
 */
final class OpenApiDocuments {

    static final String ROOT = "/openapi/v3";

    private final ObjectMapper mapper;
    private final ApiCatalog catalog;

    OpenApiDocuments(ObjectMapper mapper, ApiCatalog catalog) {
        this.mapper = mapper;
        this.catalog = catalog;
    }

    /** {@code /openapi/v3}: where each group version's document is. */
    ObjectNode root() {
        ObjectNode root = mapper.createObjectNode();
        ObjectNode paths = root.putObject("paths");
        catalog.byGroupAndVersion().forEach((group, versions) -> versions.forEach((version, resources) -> {
            String key = key(group, version);
            paths.putObject(key).put("serverRelativeURL", ROOT + "/" + key + "?hash=" + hash(resources));
        }));
        return root;
    }

    /** {@code /openapi/v3/api/v1} or {@code /openapi/v3/apis/<group>/<version>}. */
    Optional<ObjectNode> groupVersion(String path) {
        String key = path.startsWith(ROOT + "/") ? path.substring(ROOT.length() + 1) : "";
        for (Map.Entry<String, Map<String, List<ApiResource>>> group : catalog.byGroupAndVersion().entrySet()) {
            for (Map.Entry<String, List<ApiResource>> version : group.getValue().entrySet()) {
                if (key(group.getKey(), version.getKey()).equals(key)) {
                    return Optional.of(document(version.getValue()));
                }
            }
        }
        return Optional.empty();
    }

    private ObjectNode document(List<ApiResource> resources) {
        ObjectNode doc = mapper.createObjectNode();
        doc.put("openapi", "3.0.0");
        ObjectNode info = doc.putObject("info");
        info.put("title", "Kubernetes (asyncservice sandbox)");
        info.put("version", "v1.32.0");
        ObjectNode paths = doc.putObject("paths");
        for (ApiResource r : resources) {
            String prefix = r.group().isEmpty() ? "/api/" + r.version() : "/apis/" + r.group() + "/" + r.version();
            String path = prefix + (r.namespaced() ? "/namespaces/{namespace}/" : "/") + r.plural() + "/{name}";
            ObjectNode patch = paths.putObject(path).putObject("patch");
            patch.put("operationId", "patch" + r.kind());
            ObjectNode gvk = patch.putObject("x-kubernetes-group-version-kind");
            gvk.put("group", r.group());
            gvk.put("version", r.version());
            gvk.put("kind", r.kind());
            ObjectNode param = patch.putArray("parameters").addObject();
            param.put("name", "fieldValidation");
            param.put("in", "query");
            param.putObject("schema").put("type", "string");
            patch.putObject("responses").putObject("200").put("description", "OK");
        }
        doc.putObject("components").putObject("schemas");
        return doc;
    }

    private static String key(String group, String version) {
        return group.isEmpty() ? "api/" + version : "apis/" + group + "/" + version;
    }

    private static String hash(List<ApiResource> resources) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            digest.update(resources.toString().getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest.digest()).substring(0, 16).toUpperCase();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
