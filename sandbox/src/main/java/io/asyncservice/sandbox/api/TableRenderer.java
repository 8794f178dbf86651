package io.asyncservice.sandbox.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceColumnDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionVersion;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Server-side printing: the {@code meta.k8s.io/v1 Table} kubectl asks for with
 * {@code Accept: application/json;as=Table;v=v1;g=meta.k8s.io} on {@code kubectl get}. Without it kubectl 1.32
 * shows only NAME and AGE. A custom resource's columns are its CRD's {@code additionalPrinterColumns}, after NAME,
 * in the CRD's order; built-in kinds get the columns a real API server prints ({@link BuiltInColumns}).
 */
final class TableRenderer {

    static final String TABLE_CONTENT_TYPE = "application/json;as=Table;v=v1;g=meta.k8s.io";

    private final ObjectMapper mapper;
    private final ApiCatalog catalog;
    private final BuiltInColumns builtIns;
    private final Supplier<Instant> clock;

    TableRenderer(ObjectMapper mapper, ApiCatalog catalog, Supplier<Instant> clock) {
        this.mapper = mapper;
        this.catalog = catalog;
        this.builtIns = new BuiltInColumns(clock);
        this.clock = clock;
    }

    static boolean wanted(String accept) {
        return accept != null && accept.contains("as=Table");
    }

    /**
     * @param body an object or a list, as the store answered
     * @param includeObject the request's {@code includeObject}: None, Metadata (the default) or Object
     */
    ObjectNode render(ApiPath path, ApiResource resource, JsonNode body, String includeObject) {
        List<TableColumn> columns = columns(path, resource);
        ObjectNode table = mapper.createObjectNode();
        table.put("kind", "Table");
        table.put("apiVersion", "meta.k8s.io/v1");
        ObjectNode metadata = table.putObject("metadata");
        if (body.at("/metadata/resourceVersion").isTextual()) {
            metadata.put("resourceVersion", body.at("/metadata/resourceVersion").asText());
        }
        ArrayNode definitions = table.putArray("columnDefinitions");
        for (TableColumn c : columns) {
            ObjectNode d = definitions.addObject();
            d.put("name", c.name());
            d.put("type", c.type());
            d.put("format", c.format());
            d.put("description", c.description());
            d.put("priority", c.priority());
        }
        ArrayNode rows = table.putArray("rows");
        List<JsonNode> objects = new ArrayList<>();
        if (body.has("items")) {
            body.get("items").forEach(objects::add);
        } else {
            objects.add(body);
        }
        for (JsonNode object : objects) {
            ObjectNode row = rows.addObject();
            ArrayNode cells = row.putArray("cells");
            for (TableColumn c : columns) {
                cells.addPOJO(c.cell().apply(object));
            }
            if ("Object".equals(includeObject)) {
                row.set("object", object);
            } else if (!"None".equals(includeObject)) {
                ObjectNode partial = row.putObject("object");
                partial.put("kind", "PartialObjectMetadata");
                partial.put("apiVersion", "meta.k8s.io/v1");
                partial.set("metadata", object.path("metadata"));
            }
        }
        return table;
    }

    List<TableColumn> columns(ApiPath path, ApiResource resource) {
        Optional<CustomResourceDefinitionVersion> crdVersion = catalog.crd(path.group(), path.plural())
                .flatMap(crd -> crd.getSpec().getVersions().stream()
                        .filter(v -> v.getName().equals(path.version())).findFirst());
        if (crdVersion.isEmpty()) {
            return builtIns.forKind(resource.kind());
        }
        List<CustomResourceColumnDefinition> printerColumns = crdVersion.get().getAdditionalPrinterColumns();
        List<TableColumn> columns = new ArrayList<>();
        columns.add(TableColumn.nameColumn());
        if (printerColumns == null || printerColumns.isEmpty()) {
            columns.add(builtIns.age());
            return columns;
        }
        for (CustomResourceColumnDefinition c : printerColumns) {
            columns.add(crdColumn(c));
        }
        return columns;
    }

    private TableColumn crdColumn(CustomResourceColumnDefinition definition) {
        JsonPathExpression expression = JsonPathExpression.parse(definition.getJsonPath());
        String type = definition.getType() == null ? "string" : definition.getType();
        int priority = definition.getPriority() == null ? 0 : definition.getPriority();
        String description = definition.getDescription() == null ? definition.getName() : definition.getDescription();
        return new TableColumn(definition.getName(), type.equals("date") ? "string" : type,
                definition.getFormat() == null ? "" : definition.getFormat(), description, priority,
                object -> cell(type, expression.evaluate(object)));
    }

    private Object cell(String type, List<JsonNode> values) {
        if (values.isEmpty()) {
            return null;
        }
        JsonNode value = values.get(0);
        return switch (type) {
            case "date" -> Ages.since(value.asText(), clock.get());
            case "integer" -> value.canConvertToLong() ? (Object) value.asLong() : value.asText();
            case "number" -> value.isNumber() ? (Object) value.asDouble() : value.asText();
            case "boolean" -> value.isBoolean() ? (Object) value.asBoolean() : value.asText();
            default -> values.size() == 1 ? value.asText()
                    : String.join(",", values.stream().map(JsonNode::asText).toList());
        };
    }
}
