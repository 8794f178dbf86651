package io.asyncservice.sandbox.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.asyncservice.sandbox.api.ApiResource.Subresource;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The discovery documents kubectl reads before anything else, in both forms kubectl 1.32 understands:
 * <ul>
 *   <li>aggregated discovery ({@code apidiscovery.k8s.io/v2} {@code APIGroupDiscoveryList}) from {@code /api} and
 *       {@code /apis}, when the request's Accept header asks for it, which kubectl 1.32 does;</li>
 *   <li>the legacy documents otherwise: {@code APIVersions}, {@code APIGroupList}, {@code APIGroup} and one
 *       {@code APIResourceList} per group version.</li>
 * </ul>
 * Built from the {@link ApiCatalog}, so a CRD stored in the API shows up here at once.
 */
final class DiscoveryDocuments {

    static final String AGGREGATED_CONTENT_TYPE = "application/json;g=apidiscovery.k8s.io;v=%s;as=APIGroupDiscoveryList";

    private final ObjectMapper mapper;
    private final ApiCatalog catalog;

    DiscoveryDocuments(ObjectMapper mapper, ApiCatalog catalog) {
        this.mapper = mapper;
        this.catalog = catalog;
    }

    /** {@code /version}: reported as a v1.32 server, the kubectl on the machine. */
    ObjectNode version() {
        ObjectNode v = mapper.createObjectNode();
        v.put("major", "1");
        v.put("minor", "32");
        v.put("gitVersion", "v1.32.0-asyncservice-sandbox");
        v.put("gitCommit", "sandbox");
        v.put("gitTreeState", "clean");
        v.put("buildDate", "2026-01-01T00:00:00Z");
        v.put("goVersion", "java" + System.getProperty("java.specification.version"));
        v.put("compiler", "fabric8-mock");
        v.put("platform", "linux/amd64");
        return v;
    }

    /** {@code /api} in the legacy form. */
    ObjectNode coreVersions(String serverAddress) {
        ObjectNode doc = typed("APIVersions", "v1");
        doc.putArray("versions").add("v1");
        ObjectNode cidr = doc.putArray("serverAddressByClientCIDRs").addObject();
        cidr.put("clientCIDR", "0.0.0.0/0");
        cidr.put("serverAddress", serverAddress);
        return doc;
    }

    /** {@code /apis} in the legacy form: every named group. */
    ObjectNode groupList() {
        ObjectNode doc = typed("APIGroupList", "v1");
        ArrayNode groups = doc.putArray("groups");
        catalog.byGroupAndVersion().forEach((group, versions) -> {
            if (!group.isEmpty()) {
                groups.add(group(group, versions.keySet().stream().toList()));
            }
        });
        return doc;
    }

    /** {@code /apis/<group>}. */
    Optional<ObjectNode> group(String group) {
        Map<String, List<ApiResource>> versions = catalog.byGroupAndVersion().get(group);
        if (versions == null || group.isEmpty()) {
            return Optional.empty();
        }
        ObjectNode doc = group(group, versions.keySet().stream().toList());
        doc.put("kind", "APIGroup");
        doc.put("apiVersion", "v1");
        return Optional.of(doc);
    }

    /** {@code /api/v1} or {@code /apis/<group>/<version>}: the resources and their subresources. */
    Optional<ObjectNode> resourceList(String group, String version) {
        Map<String, List<ApiResource>> versions = catalog.byGroupAndVersion().get(group);
        if (versions == null || !versions.containsKey(version)) {
            return Optional.empty();
        }
        ObjectNode doc = typed("APIResourceList", "v1");
        doc.put("groupVersion", group.isEmpty() ? version : group + "/" + version);
        ArrayNode resources = doc.putArray("resources");
        for (ApiResource r : versions.get(version)) {
            ObjectNode node = resources.addObject();
            node.put("name", r.plural());
            node.put("singularName", r.singular());
            node.put("namespaced", r.namespaced());
            node.put("kind", r.kind());
            strings(node.putArray("verbs"), ApiResource.VERBS);
            if (!r.shortNames().isEmpty()) {
                strings(node.putArray("shortNames"), r.shortNames());
            }
            if (!r.categories().isEmpty()) {
                strings(node.putArray("categories"), r.categories());
            }
            for (Subresource s : r.subresources()) {
                ObjectNode sub = resources.addObject();
                sub.put("name", r.plural() + "/" + s.name());
                sub.put("singularName", "");
                sub.put("namespaced", r.namespaced());
                sub.put("group", s.group());
                sub.put("version", s.version());
                sub.put("kind", s.kind());
                strings(sub.putArray("verbs"), s.verbs());
            }
        }
        return Optional.of(doc);
    }

    /**
     * The aggregated form of {@code /api} ({@code core} true: the core group only) or {@code /apis} (the named
     * groups).
     *
     * @param discoveryVersion {@code v2} or {@code v2beta1}, whichever the client asked for
     */
    ObjectNode aggregated(boolean core, String discoveryVersion) {
        ObjectNode doc = mapper.createObjectNode();
        doc.put("kind", "APIGroupDiscoveryList");
        doc.put("apiVersion", "apidiscovery.k8s.io/" + discoveryVersion);
        doc.putObject("metadata");
        ArrayNode items = doc.putArray("items");
        catalog.byGroupAndVersion().forEach((group, versions) -> {
            if (group.isEmpty() != core) {
                return;
            }
            ObjectNode item = items.addObject();
            item.putObject("metadata").put("name", group);
            ArrayNode versionNodes = item.putArray("versions");
            versions.forEach((version, resources) -> {
                ObjectNode v = versionNodes.addObject();
                v.put("version", version);
                v.put("freshness", "Current");
                ArrayNode resourceNodes = v.putArray("resources");
                for (ApiResource r : resources) {
                    resourceNodes.add(aggregatedResource(r));
                }
            });
        });
        return doc;
    }

    private ObjectNode aggregatedResource(ApiResource r) {
        ObjectNode node = mapper.createObjectNode();
        node.put("resource", r.plural());
        kind(node.putObject("responseKind"), r.group(), r.version(), r.kind());
        node.put("scope", r.namespaced() ? "Namespaced" : "Cluster");
        node.put("singularResource", r.singular());
        strings(node.putArray("verbs"), ApiResource.VERBS);
        if (!r.shortNames().isEmpty()) {
            strings(node.putArray("shortNames"), r.shortNames());
        }
        if (!r.categories().isEmpty()) {
            strings(node.putArray("categories"), r.categories());
        }
        if (!r.subresources().isEmpty()) {
            ArrayNode subs = node.putArray("subresources");
            for (Subresource s : r.subresources()) {
                ObjectNode sub = subs.addObject();
                sub.put("subresource", s.name());
                kind(sub.putObject("responseKind"), s.group(), s.version(), s.kind());
                strings(sub.putArray("verbs"), s.verbs());
            }
        }
        return node;
    }

    private ObjectNode group(String group, List<String> versions) {
        ObjectNode node = mapper.createObjectNode();
        node.put("name", group);
        ArrayNode versionNodes = node.putArray("versions");
        for (String v : versions) {
            ObjectNode gv = versionNodes.addObject();
            gv.put("groupVersion", group + "/" + v);
            gv.put("version", v);
        }
        ObjectNode preferred = node.putObject("preferredVersion");
        preferred.put("groupVersion", group + "/" + versions.get(0));
        preferred.put("version", versions.get(0));
        return node;
    }

    private ObjectNode typed(String kind, String apiVersion) {
        ObjectNode node = mapper.createObjectNode();
        node.put("kind", kind);
        node.put("apiVersion", apiVersion);
        return node;
    }

    private static void kind(ObjectNode node, String group, String version, String kind) {
        node.put("group", group);
        node.put("version", version);
        node.put("kind", kind);
    }

    private static void strings(ArrayNode array, List<String> values) {
        values.forEach(array::add);
    }
}
