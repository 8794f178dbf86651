package io.asyncservice.sandbox.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;

/**
 * Field selectors the fabric8 mock cannot evaluate. It knows only {@code metadata.name} and
 * {@code metadata.namespace}, and matches nothing for any other field, so {@code kubectl describe} would find no
 * Events ({@code involvedObject.name=...}). Here the other requirements are taken out of the query, and the list
 * the mock returns is filtered by them.
 */
final class FieldSelectorFilter {

    private final List<Requirement> requirements;
    private final String mockSelector;

    private FieldSelectorFilter(List<Requirement> requirements, String mockSelector) {
        this.requirements = requirements;
        this.mockSelector = mockSelector;
    }

    /** Splits the request's fieldSelector into what the mock evaluates and what this filter evaluates. */
    static FieldSelectorFilter of(ApiPath path) {
        String selector = path.query().get("fieldSelector");
        List<Requirement> requirements = new ArrayList<>();
        StringJoiner forMock = new StringJoiner(",");
        if (selector != null) {
            for (String term : selector.split(",")) {
                if (term.isBlank()) {
                    continue;
                }
                Requirement r = Requirement.parse(term.trim());
                if (r.field().startsWith("metadata.")) {
                    forMock.add(term.trim());
                } else {
                    requirements.add(r);
                }
            }
        }
        return new FieldSelectorFilter(requirements, forMock.toString());
    }

    boolean needed() {
        return !requirements.isEmpty();
    }

    /** The request path with only the requirements the mock understands. */
    String mockPath(ApiPath path) {
        StringJoiner query = new StringJoiner("&");
        for (Map.Entry<String, String> p : path.query().entrySet()) {
            if (p.getKey().equals("fieldSelector")) {
                if (!mockSelector.isEmpty()) {
                    query.add("fieldSelector=" + encode(mockSelector));
                }
            } else {
                query.add(encode(p.getKey()) + "=" + encode(p.getValue()));
            }
        }
        String q = query.toString();
        return path.objectPath() + (q.isEmpty() ? "" : "?" + q);
    }

    /** Keeps the list items that meet every requirement; {@code list} is changed in place. */
    JsonNode filter(JsonNode list) {
        if (!list.has("items")) {
            return list;
        }
        ArrayNode kept = ((ObjectNode) list).arrayNode();
        for (JsonNode item : list.get("items")) {
            if (requirements.stream().allMatch(r -> r.matches(item))) {
                kept.add(item);
            }
        }
        ((ObjectNode) list).set("items", kept);
        return list;
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    record Requirement(String field, String value, boolean equal) {

        static Requirement parse(String term) {
            int notEqual = term.indexOf("!=");
            if (notEqual > 0) {
                return new Requirement(term.substring(0, notEqual), term.substring(notEqual + 2), false);
            }
            int doubleEqual = term.indexOf("==");
            if (doubleEqual > 0) {
                return new Requirement(term.substring(0, doubleEqual), term.substring(doubleEqual + 2), true);
            }
            int equal = term.indexOf('=');
            if (equal > 0) {
                return new Requirement(term.substring(0, equal), term.substring(equal + 1), true);
            }
            throw new IllegalArgumentException("unsupported field selector: " + term);
        }

        boolean matches(JsonNode object) {
            JsonNode node = object.at("/" + field.replace('.', '/'));
            String actual = node.isMissingNode() || node.isNull() ? "" : node.asText();
            return actual.equals(value) == equal;
        }
    }
}
