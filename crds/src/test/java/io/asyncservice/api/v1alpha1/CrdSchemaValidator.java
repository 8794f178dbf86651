package io.asyncservice.api.v1alpha1;

import dev.cel.common.CelAbstractSyntaxTree;
import dev.cel.common.types.SimpleType;
import dev.cel.compiler.CelCompiler;
import dev.cel.compiler.CelCompilerFactory;
import dev.cel.parser.CelStandardMacro;
import dev.cel.runtime.CelRuntime;
import dev.cel.runtime.CelRuntimeFactory;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Checks an object against the generated CRD schema the way the API server would for the parts that matter here:
 * required fields and the CEL rules ({@code x-kubernetes-validations}), evaluated with the real CEL implementation.
 */
final class CrdSchemaValidator {

    private static final CelCompiler COMPILER = CelCompilerFactory.standardCelCompilerBuilder()
            .setStandardMacros(CelStandardMacro.STANDARD_MACROS)
            .addVar("self", SimpleType.DYN)
            .build();
    private static final CelRuntime RUNTIME = CelRuntimeFactory.standardCelRuntimeBuilder().build();

    private final Map<String, Object> rootSchema;

    CrdSchemaValidator(Map<String, Object> rootSchema) {
        this.rootSchema = rootSchema;
    }

    /** The errors for {@code object} (a map with at least {@code spec}), each as {@code path: message}; empty when valid. */
    List<String> validate(Map<String, Object> object) {
        List<String> errors = new ArrayList<>();
        walk("", rootSchema, toCel(object), errors);
        return errors;
    }

    /** Every CEL rule in the schema, so that a test can check that each one compiles. */
    List<String> rules() {
        List<String> rules = new ArrayList<>();
        collectRules(rootSchema, rules);
        return rules;
    }

    static CelAbstractSyntaxTree compile(String rule) {
        try {
            return COMPILER.compile(rule).getAst();
        } catch (Exception e) {
            throw new IllegalArgumentException("rule does not compile: " + rule, e);
        }
    }

    @SuppressWarnings("unchecked")
    private void walk(String path, Map<String, Object> schema, Object value, List<String> errors) {
        if (value instanceof Map<?, ?> map) {
            for (Object required : (List<Object>) schema.getOrDefault("required", List.of())) {
                if (!map.containsKey(required)) {
                    errors.add(join(path, (String) required) + ": Required value");
                }
            }
            Map<String, Object> properties = (Map<String, Object>) schema.getOrDefault("properties", Map.of());
            for (Map.Entry<String, Object> property : properties.entrySet()) {
                if (map.containsKey(property.getKey())) {
                    walk(join(path, property.getKey()), (Map<String, Object>) property.getValue(), map.get(property.getKey()), errors);
                }
            }
        } else if (value instanceof List<?> list && schema.get("items") instanceof Map<?, ?> items) {
            for (int i = 0; i < list.size(); i++) {
                walk(path + "[" + i + "]", (Map<String, Object>) items, list.get(i), errors);
            }
        }
        for (Map<String, Object> validation : (List<Map<String, Object>>) schema.getOrDefault("x-kubernetes-validations", List.of())) {
            if (!evaluate((String) validation.get("rule"), value)) {
                errors.add(path + ": " + validation.get("message"));
            }
        }
    }

    private static boolean evaluate(String rule, Object self) {
        try {
            CelRuntime.Program program = RUNTIME.createProgram(compile(rule));
            return Boolean.TRUE.equals(program.eval(Map.of("self", self)));
        } catch (Exception e) {
            throw new IllegalStateException("could not evaluate " + rule, e);
        }
    }

    @SuppressWarnings("unchecked")
    private static void collectRules(Map<String, Object> schema, List<String> rules) {
        for (Map<String, Object> validation : (List<Map<String, Object>>) schema.getOrDefault("x-kubernetes-validations", List.of())) {
            rules.add((String) validation.get("rule"));
        }
        ((Map<String, Object>) schema.getOrDefault("properties", Map.of()))
                .values().forEach(child -> collectRules((Map<String, Object>) child, rules));
        if (schema.get("items") instanceof Map<?, ?> items) {
            collectRules((Map<String, Object>) items, rules);
        }
    }

    /** CEL integers are 64-bit: YAML's Integer values become Long. */
    private static Object toCel(Object value) {
        if (value instanceof Integer i) {
            return i.longValue();
        }
        if (value instanceof Map<?, ?> map) {
            Map<String, Object> copy = new LinkedHashMap<>();
            map.forEach((k, v) -> copy.put(String.valueOf(k), toCel(v)));
            return copy;
        }
        if (value instanceof List<?> list) {
            return list.stream().map(CrdSchemaValidator::toCel).toList();
        }
        return value;
    }

    private static String join(String path, String field) {
        return path.isEmpty() ? field : path + "." + field;
    }
}
