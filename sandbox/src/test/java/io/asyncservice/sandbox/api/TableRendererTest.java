package io.asyncservice.sandbox.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class TableRendererTest {

    private final ObjectMapper mapper = new ObjectMapper();
    private final CustomResourceDefinition crd = SandboxApiServer.crdFromClasspath(SandboxApiServer.ASYNC_SERVICE_CRD);
    private final ApiCatalog catalog = new ApiCatalog(() -> List.of(crd));
    private final TableRenderer renderer = new TableRenderer(mapper, catalog,
            () -> Instant.parse("2026-01-01T00:05:00Z"));

    @Test
    void rendersTheAsyncServicePrinterColumnsFromTheCrd() throws Exception {
        JsonNode asvc = mapper.readTree("""
                {"apiVersion": "asyncservice.io/v1alpha1", "kind": "AsyncService",
                 "metadata": {"name": "summarizer", "namespace": "default", "creationTimestamp": "2026-01-01T00:00:00Z"},
                 "status": {"replicas": 3, "backlog": 27, "conditions": [{"type": "Ready", "status": "True"}]}}""");
        ApiPath path = ApiPath.parse("/apis/asyncservice.io/v1alpha1/namespaces/default/asyncservices").orElseThrow();
        ApiResource resource = catalog.find("asyncservice.io", "v1alpha1", "asyncservices").orElseThrow();

        ObjectNode table = renderer.render(path, resource, asvc, null);

        List<String> columns = new ArrayList<>();
        table.get("columnDefinitions").forEach(c -> columns.add(c.get("name").asText()));
        assertThat(columns).containsExactly("Name", "Age", "Backlog", "Ready", "Replicas");
        assertThat(table.at("/rows/0/cells").toString()).isEqualTo("[\"summarizer\",\"5m\",27,\"True\",3]");
        assertThat(table.at("/rows/0/object/kind").asText()).isEqualTo("PartialObjectMetadata");
    }

    @Test
    void rendersPodsWithReadyStatusAndRestarts() throws Exception {
        JsonNode pods = mapper.readTree("""
                {"kind": "PodList", "items": [{"metadata": {"name": "web-1", "creationTimestamp": "2026-01-01T00:04:00Z"},
                  "spec": {"containers": [{"name": "app"}, {"name": "side"}]},
                  "status": {"phase": "Running", "containerStatuses": [
                    {"name": "app", "ready": true, "restartCount": 0}, {"name": "side", "ready": false, "restartCount": 2}]}}]}""");
        ApiPath path = ApiPath.parse("/api/v1/namespaces/default/pods").orElseThrow();

        ObjectNode table = renderer.render(path, catalog.find("", "v1", "pods").orElseThrow(), pods, "Object");

        assertThat(table.at("/rows/0/cells").toString()).startsWith("[\"web-1\",\"1/2\",\"Running\",2,\"60s\"");
        assertThat(table.at("/rows/0/object/metadata/name").asText()).isEqualTo("web-1");
    }
}
