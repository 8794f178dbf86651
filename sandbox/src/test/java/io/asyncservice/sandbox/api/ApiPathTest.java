package io.asyncservice.sandbox.api;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ApiPathTest {

    @Test
    void takesANamespacedSubresourcePathApart() {
        ApiPath p = ApiPath.parse("/apis/apps/v1/namespaces/default/deployments/web/scale?timeout=30s").orElseThrow();

        assertThat(p).extracting(ApiPath::group, ApiPath::version, ApiPath::namespace, ApiPath::plural, ApiPath::name,
                ApiPath::subresource).containsExactly("apps", "v1", "default", "deployments", "web", "scale");
        assertThat(p.query()).containsEntry("timeout", "30s");
        assertThat(p.objectPath()).isEqualTo("/apis/apps/v1/namespaces/default/deployments/web");
    }

    @Test
    void readsCoreCollectionsAndDecodesTheQuery() {
        ApiPath p = ApiPath.parse("/api/v1/namespaces/default/events?fieldSelector=involvedObject.name%3Dx").orElseThrow();

        assertThat(p.group()).isEmpty();
        assertThat(p.isCollection()).isTrue();
        assertThat(p.plural()).isEqualTo("events");
        assertThat(p.query()).containsEntry("fieldSelector", "involvedObject.name=x");
    }

    @Test
    void treatsANamespaceAsAClusterScopedObject() {
        ApiPath p = ApiPath.parse("/api/v1/namespaces/default").orElseThrow();

        assertThat(p.namespace()).isNull();
        assertThat(p.plural()).isEqualTo("namespaces");
        assertThat(p.name()).isEqualTo("default");
    }

    @Test
    void namesNoResourceForDiscoveryPaths() {
        assertThat(ApiPath.parse("/apis/apps/v1")).isEmpty();
        assertThat(ApiPath.parse("/api/v1")).isEmpty();
        assertThat(ApiPath.parse("/version")).isEmpty();
    }
}
