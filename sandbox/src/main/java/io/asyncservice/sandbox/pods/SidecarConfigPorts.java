package io.asyncservice.sandbox.pods;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.asyncservice.api.v1alpha1.SidecarSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The ports in the sidecar's {@code ASVC_CONFIG} JSON: its own {@code port} (default 7979) and
 * {@code endpoint.port}, the app's. Rewriting them through a {@link PortPlan} is the only change the sandbox makes
 * to the environment the operator rendered; every other byte of the JSON is kept.
 */
final class SidecarConfigPorts {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private SidecarConfigPorts() {
    }

    /** The port numbers the configuration names. */
    static List<Integer> ports(String configJson) {
        ObjectNode config = parse(configJson);
        List<Integer> ports = new ArrayList<>();
        ports.add(config.path("port").asInt(SidecarSpec.DEFAULT_PORT));
        if (config.path("endpoint").path("port").canConvertToInt()) {
            ports.add(config.path("endpoint").path("port").asInt());
        }
        return ports;
    }

    /** The container named in {@code endpoint.container}, if any. */
    static Optional<String> endpointContainer(String configJson) {
        JsonNode container = parse(configJson).path("endpoint").path("container");
        return container.isTextual() && !container.asText().isBlank() ? Optional.of(container.asText()) : Optional.empty();
    }

    /** The app's port as the configuration names it. */
    static Optional<Integer> endpointPort(String configJson) {
        JsonNode port = parse(configJson).path("endpoint").path("port");
        return port.canConvertToInt() ? Optional.of(port.asInt()) : Optional.empty();
    }

    /** The same configuration with both ports replaced by their host ports. */
    static String rewrite(String configJson, PortPlan plan) {
        ObjectNode config = parse(configJson);
        config.put("port", plan.host(config.path("port").asInt(SidecarSpec.DEFAULT_PORT)));
        JsonNode endpoint = config.path("endpoint");
        if (endpoint.isObject() && endpoint.path("port").canConvertToInt()) {
            ((ObjectNode) endpoint).put("port", plan.host(endpoint.path("port").asInt()));
        }
        try {
            return MAPPER.writeValueAsString(config);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static ObjectNode parse(String json) {
        try {
            JsonNode node = MAPPER.readTree(json);
            if (!node.isObject()) {
                throw new IllegalArgumentException("ASVC_CONFIG is not a JSON object");
            }
            return (ObjectNode) node;
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("ASVC_CONFIG is not JSON: " + e.getOriginalMessage(), e);
        }
    }
}
