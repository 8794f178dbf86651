package io.asyncservice.sandbox.api;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.function.Function;

/**
 * One column of a {@code meta.k8s.io/v1 Table}: its definition, and how a cell is computed from an object.
 *
 * @param type     {@code string}, {@code integer}, {@code number}, {@code boolean} or {@code date}
 * @param format   e.g. {@code name} for the name column, else empty
 * @param priority 0 for the default view, higher for {@code -o wide} only
 * @param cell     the cell's value: a String, Number or Boolean, or null for an empty cell
 */
record TableColumn(String name, String type, String format, String description, int priority,
        Function<JsonNode, Object> cell) {

    static TableColumn nameColumn() {
        return new TableColumn("Name", "string", "name", "Name must be unique within a namespace.", 0,
                o -> o.path("metadata").path("name").asText());
    }

    static TableColumn string(String name, int priority, Function<JsonNode, Object> cell) {
        return new TableColumn(name, "string", "", name, priority, cell);
    }

    static TableColumn integer(String name, int priority, Function<JsonNode, Object> cell) {
        return new TableColumn(name, "integer", "", name, priority, cell);
    }
}
