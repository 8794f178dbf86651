package io.asyncservice.sandbox.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Iterator;
import java.util.Map;

/**
 * What the API server does to a Secret's {@code stringData} on every write: each value is base64-encoded into
 * {@code data}, overriding a key of the same name, and {@code stringData} is not stored. The mock keeps
 * {@code stringData} as sent, so readers of {@code data} (kubectl, the pod runner's secretKeyRef) found nothing.
 */
final class SecretData {

    private SecretData() {
    }

    /** Whether {@code path} writes a Secret. */
    static boolean applies(ApiPath path) {
        return path.group().isEmpty() && path.plural().equals("secrets") && path.subresource() == null;
    }

    /** Folds {@code stringData} into {@code data}; {@code secret} is changed in place and returned. */
    static JsonNode normalize(JsonNode secret) {
        if (!secret.isObject() || !secret.has("stringData")) {
            return secret;
        }
        ObjectNode object = (ObjectNode) secret;
        JsonNode stringData = object.remove("stringData");
        if (!stringData.isObject()) {
            return object;
        }
        ObjectNode data = object.has("data") && object.get("data").isObject()
                ? (ObjectNode) object.get("data") : object.putObject("data");
        for (Iterator<Map.Entry<String, JsonNode>> it = stringData.fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> entry = it.next();
            data.put(entry.getKey(),
                    Base64.getEncoder().encodeToString(entry.getValue().asText().getBytes(StandardCharsets.UTF_8)));
        }
        return object;
    }
}
