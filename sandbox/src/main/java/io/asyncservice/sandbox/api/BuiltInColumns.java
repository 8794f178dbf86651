package io.asyncservice.sandbox.api;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/** The columns kubectl shows for the built-in kinds the sandbox serves, as a v1.32 API server prints them. */
final class BuiltInColumns {

    private final Supplier<Instant> clock;

    BuiltInColumns(Supplier<Instant> clock) {
        this.clock = clock;
    }

    List<TableColumn> forKind(String kind) {
        return switch (kind) {
            case "Pod" -> List.of(TableColumn.nameColumn(),
                    TableColumn.string("Ready", 0, BuiltInColumns::podReady),
                    TableColumn.string("Status", 0, BuiltInColumns::podStatus),
                    TableColumn.integer("Restarts", 0, BuiltInColumns::podRestarts),
                    age(),
                    TableColumn.string("IP", 1, o -> text(o.at("/status/podIP"))),
                    TableColumn.string("Node", 1, o -> text(o.at("/spec/nodeName"))));
            case "Deployment" -> List.of(TableColumn.nameColumn(),
                    TableColumn.string("Ready", 0, o -> o.at("/status/readyReplicas").asInt(0) + "/"
                            + o.at("/spec/replicas").asInt(1)),
                    TableColumn.integer("Up-to-date", 0, o -> o.at("/status/updatedReplicas").asInt(0)),
                    TableColumn.integer("Available", 0, o -> o.at("/status/availableReplicas").asInt(0)),
                    age(),
                    TableColumn.string("Containers", 1, o -> joined(o.at("/spec/template/spec/containers"), "name")),
                    TableColumn.string("Images", 1, o -> joined(o.at("/spec/template/spec/containers"), "image")),
                    TableColumn.string("Selector", 1, o -> ScaleSubresource.selector(o.at("/spec/selector"))));
            case "Secret" -> List.of(TableColumn.nameColumn(),
                    TableColumn.string("Type", 0, o -> o.path("type").asText("Opaque")),
                    TableColumn.integer("Data", 0, o -> o.path("data").size() + o.path("stringData").size()),
                    age());
            case "Namespace" -> List.of(TableColumn.nameColumn(),
                    TableColumn.string("Status", 0, o -> o.at("/status/phase").asText("Active")),
                    age());
            case "Lease" -> List.of(TableColumn.nameColumn(),
                    TableColumn.string("Holder", 0, o -> text(o.at("/spec/holderIdentity"))),
                    age());
            case "Event" -> List.of(
                    TableColumn.string("Last Seen", 0, this::eventLastSeen),
                    TableColumn.string("Type", 0, o -> text(o.path("type"))),
                    TableColumn.string("Reason", 0, o -> text(o.path("reason"))),
                    TableColumn.string("Object", 0, o -> o.at("/involvedObject/kind").asText("").toLowerCase()
                            + "/" + o.at("/involvedObject/name").asText("")),
                    TableColumn.string("Message", 0, o -> text(o.path("message"))),
                    TableColumn.integer("Count", 1, o -> o.path("count").asInt(1)),
                    new TableColumn("Name", "string", "name", "Name", 1, o -> o.at("/metadata/name").asText()));
            default -> List.of(TableColumn.nameColumn(), age());
        };
    }

    TableColumn age() {
        return new TableColumn("Age", "string", "", "Time since the object was created", 0,
                o -> Ages.since(o.at("/metadata/creationTimestamp").asText(null), clock.get()));
    }

    private Object eventLastSeen(JsonNode event) {
        for (String field : new String[] {"lastTimestamp", "eventTime", "firstTimestamp"}) {
            String value = event.path(field).asText("");
            if (!value.isEmpty() && !value.equals("null")) {
                return Ages.since(value, clock.get());
            }
        }
        return Ages.since(event.at("/metadata/creationTimestamp").asText(null), clock.get());
    }

    private static Object podReady(JsonNode pod) {
        int containers = pod.at("/spec/containers").size();
        int ready = 0;
        for (JsonNode status : pod.at("/status/containerStatuses")) {
            if (status.path("ready").asBoolean(false)) {
                ready++;
            }
        }
        return ready + "/" + containers;
    }

    private static Object podStatus(JsonNode pod) {
        if (pod.at("/metadata/deletionTimestamp").isTextual()) {
            return "Terminating";
        }
        for (JsonNode status : pod.at("/status/containerStatuses")) {
            String waiting = status.at("/state/waiting/reason").asText("");
            if (!waiting.isEmpty()) {
                return waiting;
            }
        }
        return pod.at("/status/phase").asText("Pending");
    }

    private static Object podRestarts(JsonNode pod) {
        int restarts = 0;
        for (JsonNode status : pod.at("/status/containerStatuses")) {
            restarts += status.path("restartCount").asInt(0);
        }
        return restarts;
    }

    private static String joined(JsonNode list, String field) {
        List<String> values = new ArrayList<>();
        list.forEach(e -> values.add(e.path(field).asText()));
        return String.join(",", values);
    }

    private static Object text(JsonNode node) {
        return node.isMissingNode() || node.isNull() ? "<none>" : node.asText();
    }
}
