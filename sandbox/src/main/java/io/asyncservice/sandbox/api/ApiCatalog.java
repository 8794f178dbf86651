package io.asyncservice.sandbox.api;

import io.asyncservice.sandbox.api.ApiResource.Subresource;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionVersion;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Which resource types the sandbox API serves: the built-in ones, plus one per served version of every
 * CustomResourceDefinition stored in the API, as on a real cluster.
 */
public final class ApiCatalog {

    private final List<ApiResource> builtIns;
    private final Supplier<List<CustomResourceDefinition>> storedCrds;

    public ApiCatalog(Supplier<List<CustomResourceDefinition>> storedCrds) {
        this.builtIns = BuiltInResources.all();
        this.storedCrds = storedCrds;
    }

    /** Every resource, built-ins first, in a stable order. */
    public List<ApiResource> resources() {
        List<ApiResource> all = new ArrayList<>(builtIns);
        for (CustomResourceDefinition crd : storedCrds.get()) {
            all.addAll(fromCrd(crd));
        }
        return all;
    }

    /** The group versions in discovery order, each with its resources; the core group is {@code ""}. */
    public Map<String, Map<String, List<ApiResource>>> byGroupAndVersion() {
        Map<String, Map<String, List<ApiResource>>> groups = new LinkedHashMap<>();
        for (ApiResource r : resources()) {
            groups.computeIfAbsent(r.group(), g -> new LinkedHashMap<>())
                    .computeIfAbsent(r.version(), v -> new ArrayList<>())
                    .add(r);
        }
        return groups;
    }

    public Optional<ApiResource> find(String group, String version, String plural) {
        return resources().stream()
                .filter(r -> r.group().equals(group) && r.version().equals(version) && r.plural().equals(plural))
                .findFirst();
    }

    /** The stored CRD that defines {@code plural.group}, if any. */
    public Optional<CustomResourceDefinition> crd(String group, String plural) {
        return storedCrds.get().stream()
                .filter(c -> c.getSpec() != null && group.equals(c.getSpec().getGroup())
                        && plural.equals(c.getSpec().getNames().getPlural()))
                .findFirst();
    }

    static List<ApiResource> fromCrd(CustomResourceDefinition crd) {
        var spec = crd.getSpec();
        var names = spec.getNames();
        List<ApiResource> resources = new ArrayList<>();
        for (CustomResourceDefinitionVersion v : spec.getVersions()) {
            if (Boolean.FALSE.equals(v.getServed())) {
                continue;
            }
            List<Subresource> subresources = new ArrayList<>();
            if (v.getSubresources() != null && v.getSubresources().getStatus() != null) {
                subresources.add(Subresource.status(spec.getGroup(), v.getName(), names.getKind()));
            }
            if (v.getSubresources() != null && v.getSubresources().getScale() != null) {
                subresources.add(Subresource.scale());
            }
            resources.add(new ApiResource(spec.getGroup(), v.getName(), names.getPlural(), names.getSingular(),
                    names.getKind(), !"Cluster".equals(spec.getScope()), nullToEmpty(names.getShortNames()),
                    nullToEmpty(names.getCategories()), subresources));
        }
        return resources;
    }

    private static List<String> nullToEmpty(List<String> list) {
        return list == null ? List.of() : list;
    }
}
