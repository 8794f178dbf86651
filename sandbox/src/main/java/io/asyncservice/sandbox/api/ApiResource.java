package io.asyncservice.sandbox.api;

import java.util.List;
import java.util.Objects;

/**
 * One resource type the sandbox API serves, as discovery describes it: e.g. {@code apps/v1 deployments} with its
 * {@code status} and {@code scale} subresources.
 *
 * @param group        the API group; empty for the core group
 * @param version      e.g. {@code v1}
 * @param plural       the URL segment, e.g. {@code deployments}
 * @param singular     e.g. {@code deployment}
 * @param kind         e.g. {@code Deployment}
 * @param namespaced   whether objects live in a namespace
 * @param shortNames   e.g. {@code deploy}
 * @param categories   e.g. {@code all}
 * @param subresources e.g. {@code status}, {@code scale}
 */
public record ApiResource(String group, String version, String plural, String singular, String kind, boolean namespaced,
        List<String> shortNames, List<String> categories, List<Subresource> subresources) {

    /** The verbs every resource of the sandbox answers. */
    public static final List<String> VERBS = List.of("create", "delete", "deletecollection", "get", "list", "patch",
            "update", "watch");

    public ApiResource {
        Objects.requireNonNull(group, "group");
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(plural, "plural");
        Objects.requireNonNull(kind, "kind");
        singular = singular == null || singular.isEmpty() ? kind.toLowerCase(java.util.Locale.ROOT) : singular;
        shortNames = List.copyOf(shortNames);
        categories = List.copyOf(categories);
        subresources = List.copyOf(subresources);
    }

    /** e.g. {@code apps/v1}, or {@code v1} for the core group. */
    public String groupVersion() {
        return group.isEmpty() ? version : group + "/" + version;
    }

    public boolean hasSubresource(String name) {
        return subresources.stream().anyMatch(s -> s.name().equals(name));
    }

    /**
     * A subresource such as {@code status} (answering the resource's own kind) or {@code scale} (answering an
     * {@code autoscaling/v1 Scale}).
     */
    public record Subresource(String name, String group, String version, String kind, List<String> verbs) {

        public Subresource {
            verbs = List.copyOf(verbs);
        }

        public static Subresource status(String group, String version, String kind) {
            return new Subresource("status", group, version, kind, List.of("get", "patch", "update"));
        }

        public static Subresource scale() {
            return new Subresource("scale", "autoscaling", "v1", "Scale", List.of("get", "patch", "update"));
        }
    }
}
