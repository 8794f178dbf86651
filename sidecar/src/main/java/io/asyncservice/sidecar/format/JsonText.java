package io.asyncservice.sidecar.format;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads JSON text without re-encoding any of it: whether a text is exactly one JSON value, and the members of an object
 * as they were written. Numbers, key order, escapes and whitespace inside a value are never touched, so what is cut
 * out of a message is what the producer wrote.
 */
final class JsonText {

    /** Strict JSON (no comments, NaN or single quotes); no limit on a string's or a number's length, as we never build one. */
    private static final JsonFactory FACTORY = JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder()
                    .maxStringLength(Integer.MAX_VALUE)
                    .maxNumberLength(Integer.MAX_VALUE)
                    .build())
            .build();

    /**
     * One member of an object.
     *
     * @param name the member's name, unescaped
     * @param source the member as written, from its name's opening quote to the end of its value
     * @param value the value as written
     * @param kind the value's token
     * @param text the value's text when it is a string, else null
     */
    record Member(String name, String source, String value, JsonToken kind, String text) {
    }

    private JsonText() {
    }

    /** True when {@code text} is one JSON value and nothing else but whitespace. */
    static boolean isSingleValue(String text) {
        if (!text.isEmpty() && text.charAt(0) == '\uFEFF') {
            return false; // a byte-order mark is not JSON whitespace, so it cannot stand inside another document
        }
        try (JsonParser p = FACTORY.createParser(text)) {
            if (p.nextToken() == null) {
                return false;
            }
            p.skipChildren();
            return p.nextToken() == null;
        } catch (IOException e) {
            return false;
        }
    }

    /** What kind of JSON value {@code text} is (object, array, string, number, boolean or null); null when it is not JSON. */
    static String kind(String text) {
        try (JsonParser p = FACTORY.createParser(text)) {
            JsonToken token = p.nextToken();
            if (token == null) {
                return null;
            }
            return switch (token) {
                case START_OBJECT -> "object";
                case START_ARRAY -> "array";
                case VALUE_STRING -> "string";
                case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "number";
                case VALUE_TRUE, VALUE_FALSE -> "boolean";
                default -> "null";
            };
        } catch (IOException e) {
            return null;
        }
    }

    /** The members of {@code text}, which must be one JSON object; null when it is not valid JSON or not an object. */
    static List<Member> members(String text) {
        if (!text.isEmpty() && text.charAt(0) == '\uFEFF') {
            return null;
        }
        try (JsonParser p = FACTORY.createParser(text)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                return null;
            }
            List<Member> members = new ArrayList<>();
            JsonToken token = p.nextToken();
            while (token == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                int sourceStart = offset(p);
                JsonToken kind = p.nextToken();
                int valueStart = offset(p);
                String string = kind == JsonToken.VALUE_STRING ? p.getText() : null;
                p.skipChildren();
                token = p.nextToken();
                // The value ends where the next token starts, less the whitespace and the comma between them.
                int end = token == null ? text.length() : offset(p);
                String value = trimSeparator(text.substring(valueStart, end));
                members.add(new Member(name, text.substring(sourceStart, valueStart) + value, value, kind, string));
            }
            if (token != JsonToken.END_OBJECT || p.nextToken() != null) {
                return null;
            }
            return members;
        } catch (IOException e) {
            return null;
        }
    }

    private static int offset(JsonParser p) {
        return Math.toIntExact(p.currentTokenLocation().getCharOffset());
    }

    private static String trimSeparator(String s) {
        int end = s.length();
        while (end > 0 && isWhitespace(s.charAt(end - 1))) {
            end--;
        }
        if (end > 0 && s.charAt(end - 1) == ',') {
            end--;
            while (end > 0 && isWhitespace(s.charAt(end - 1))) {
                end--;
            }
        }
        return s.substring(0, end);
    }

    private static boolean isWhitespace(char c) {
        return c == ' ' || c == '\t' || c == '\n' || c == '\r';
    }
}
