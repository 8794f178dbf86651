package io.asyncservice.sidecar.format;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Locale;

/** How message bodies are written into JSON messages: JSON as JSON, text as a string, anything else as base64. */
final class BodyJson {

    static final ObjectMapper MAPPER = new ObjectMapper();
    static final String ENCODING_SUFFIX = "_encoding";

    private BodyJson() {
    }

    static boolean isJson(String contentType) {
        if (contentType == null) {
            return false;
        }
        String media = contentType.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
        return media.equals("application/json") || media.endsWith("+json");
    }

    /**
     * Writes {@code body} under {@code field}: parsed JSON when {@code asJson} and it parses, else a UTF-8 string, else
     * base64 with {@code <field>_encoding: "base64"} next to it.
     */
    static void put(ObjectNode node, String field, byte[] body, boolean asJson) {
        if (body == null) {
            node.putNull(field);
            return;
        }
        if (asJson) {
            JsonNode parsed = parse(body);
            if (parsed != null) {
                node.set(field, parsed);
                return;
            }
        }
        String text = utf8(body);
        if (text != null) {
            node.put(field, text);
        } else {
            node.put(field, Base64.getEncoder().encodeToString(body));
            node.put(field + ENCODING_SUFFIX, "base64");
        }
    }

    /** The body as JSON, or null when it is not JSON. */
    static JsonNode parse(byte[] body) {
        if (body.length == 0) {
            return null;
        }
        try {
            return MAPPER.readTree(body);
        } catch (IOException e) {
            return null;
        }
    }

    /** The body as UTF-8 text, or null when it is not valid UTF-8. */
    static String utf8(byte[] body) {
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(body)).toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }

    static byte[] bytes(JsonNode node) {
        try {
            return MAPPER.writeValueAsBytes(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
