package io.asyncservice.sandbox.api;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The part of kubectl's JSONPath that CRD printer columns use: fields ({@code .status.backlog}), indexes
 * ({@code [0]}), wildcards ({@code [*]}) and equality filters ({@code [?(@.type=="Ready")]}).
 */
final class JsonPathExpression {

    private static final Pattern STEP = Pattern.compile(
            "\\.([A-Za-z0-9_\\-$]+)|\\[(\\d+)]|\\[\\*]|\\[\\?\\(@\\.([A-Za-z0-9_.\\-]+)\\s*==\\s*[\"']([^\"']*)[\"']\\)]");

    private final List<Step> steps;

    private JsonPathExpression(List<Step> steps) {
        this.steps = steps;
    }

    /** Parses e.g. {@code .status.conditions[?(@.type=="Ready")].status}; braces around it are allowed. */
    static JsonPathExpression parse(String expression) {
        String text = expression.trim();
        if (text.startsWith("{") && text.endsWith("}")) {
            text = text.substring(1, text.length() - 1).trim();
        }
        if (text.startsWith("$")) {
            text = text.substring(1);
        }
        List<Step> steps = new ArrayList<>();
        Matcher m = STEP.matcher(text);
        int at = 0;
        while (at < text.length()) {
            if (!m.find(at) || m.start() != at) {
                throw new IllegalArgumentException("unsupported JSONPath: " + expression);
            }
            if (m.group(1) != null) {
                steps.add(new Step(Kind.FIELD, m.group(1), null));
            } else if (m.group(2) != null) {
                steps.add(new Step(Kind.INDEX, m.group(2), null));
            } else if (m.group(3) != null) {
                steps.add(new Step(Kind.FILTER, m.group(3), m.group(4)));
            } else {
                steps.add(new Step(Kind.ALL, null, null));
            }
            at = m.end();
        }
        return new JsonPathExpression(steps);
    }

    /** Every node the expression selects; empty when a field is missing. */
    List<JsonNode> evaluate(JsonNode root) {
        List<JsonNode> current = List.of(root);
        for (Step step : steps) {
            List<JsonNode> next = new ArrayList<>();
            for (JsonNode node : current) {
                step.apply(node, next);
            }
            current = next;
        }
        return current;
    }

    private enum Kind { FIELD, INDEX, ALL, FILTER }

    private record Step(Kind kind, String name, String value) {

        void apply(JsonNode node, List<JsonNode> out) {
            switch (kind) {
                case FIELD -> {
                    JsonNode child = node.get(name);
                    if (child != null && !child.isNull()) {
                        out.add(child);
                    }
                }
                case INDEX -> {
                    JsonNode child = node.isArray() ? node.get(Integer.parseInt(name)) : null;
                    if (child != null) {
                        out.add(child);
                    }
                }
                case ALL -> node.forEach(out::add);
                case FILTER -> node.forEach(element -> {
                    JsonNode field = element.at("/" + name.replace('.', '/'));
                    if (!field.isMissingNode() && field.asText().equals(value)) {
                        out.add(element);
                    }
                });
                default -> throw new IllegalStateException(kind.name());
            }
        }
    }
}
