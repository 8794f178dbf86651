package io.asyncservice.sidecar.format;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.util.RawValue;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Locale;

/** How message bodies are written into JSON messages: valid JSON as its own text, text as a string, anything else as base64. */
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
     * Writes {@code body} under {@code field}, its bytes unchanged: the exact text embedded as JSON when {@code asJson}
     * and it is one valid JSON value (trailing content makes it not JSON), else a UTF-8 string, else base64 with
     * {@code <field>_encoding: "base64"} next to it. An empty body is the empty string; null is for no body at all.
     */
    static void put(ObjectNode node, String field, byte[] body, boolean asJson) {
        if (body == null) {
            node.putNull(field);
            return;
        }
        String text = utf8(body);
        if (text == null) {
            node.put(field, Base64.getEncoder().encodeToString(body));
            node.put(field + ENCODING_SUFFIX, "base64");
        } else if (asJson && JsonText.isSingleValue(text)) {
            putJson(node, field, text);
        } else {
            node.put(field, text);
        }
    }

    /** Writes JSON text that is known to be one valid value under {@code field}, as written. */
    static void putJson(ObjectNode node, String field, String json) {
        node.putRawValue(field, new RawValue(json));
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

    static byte[] bytes(ObjectNode node) {
        try {
            return MAPPER.writeValueAsBytes(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
