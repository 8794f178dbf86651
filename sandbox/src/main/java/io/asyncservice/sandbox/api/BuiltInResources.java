package io.asyncservice.sandbox.api;

import io.asyncservice.sandbox.api.ApiResource.Subresource;
import java.util.List;

/**
 * The built-in resource types the sandbox serves: what the operator, the pod runner and a user's kubectl touch.
 * Everything else a real cluster has is absent, so kubectl says "the server doesn't have a resource type".
 */
final class BuiltInResources {

    private BuiltInResources() {
    }

    static List<ApiResource> all() {
        return List.of(
                core("pods", "Pod", true, List.of("po"), List.of("all"), status("", "v1", "Pod")),
                core("services", "Service", true, List.of("svc"), List.of("all"), status("", "v1", "Service")),
                core("secrets", "Secret", true, List.of(), List.of()),
                core("configmaps", "ConfigMap", true, List.of("cm"), List.of()),
                core("events", "Event", true, List.of("ev"), List.of()),
                core("serviceaccounts", "ServiceAccount", true, List.of("sa"), List.of()),
                core("endpoints", "Endpoints", true, List.of("ep"), List.of()),
                core("namespaces", "Namespace", false, List.of("ns"), List.of(), status("", "v1", "Namespace")),
                apps("deployments", "Deployment", List.of("deploy"), status("apps", "v1", "Deployment"), Subresource.scale()),
                apps("replicasets", "ReplicaSet", List.of("rs"), status("apps", "v1", "ReplicaSet"), Subresource.scale()),
                apps("statefulsets", "StatefulSet", List.of("sts"), status("apps", "v1", "StatefulSet"), Subresource.scale()),
                new ApiResource("coordination.k8s.io", "v1", "leases", "lease", "Lease", true, List.of(), List.of(), List.of()),
                new ApiResource("events.k8s.io", "v1", "events", "event", "Event", true, List.of("ev"), List.of(), List.of()),
                new ApiResource("apiextensions.k8s.io", "v1", "customresourcedefinitions", "customresourcedefinition",
                        "CustomResourceDefinition", false, List.of("crd", "crds"), List.of(),
                        List.of(status("apiextensions.k8s.io", "v1", "CustomResourceDefinition"))));
    }

    private static ApiResource core(String plural, String kind, boolean namespaced, List<String> shortNames,
            List<String> categories, Subresource... subresources) {
        return new ApiResource("", "v1", plural, null, kind, namespaced, shortNames, categories, List.of(subresources));
    }

    private static ApiResource apps(String plural, String kind, List<String> shortNames, Subresource... subresources) {
        return new ApiResource("apps", "v1", plural, null, kind, true, shortNames, List.of("all"), List.of(subresources));
    }

    private static Subresource status(String group, String version, String kind) {
        return Subresource.status(group, version, kind);
    }
}
