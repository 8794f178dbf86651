package io.asyncservice.sandbox.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

class JsonPathExpressionTest {

    private final JsonNode object;

    JsonPathExpressionTest() throws Exception {
        object = new ObjectMapper().readTree("""
                {"status": {"backlog": 27, "conditions": [
                  {"type": "BacklogAvailable", "status": "True"},
                  {"type": "Ready", "status": "False"}]},
                 "spec": {"containers": [{"name": "app"}, {"name": "side"}]}}""");
    }

    private String eval(String path) {
        return String.join(",", JsonPathExpression.parse(path).evaluate(object).stream().map(JsonNode::asText).toList());
    }

    @Test
    void readsFieldsIndexesWildcardsAndEqualityFilters() {
        assertThat(eval(".status.backlog")).isEqualTo("27");
        assertThat(eval(".status.conditions[?(@.type==\"Ready\")].status")).isEqualTo("False");
        assertThat(eval("{.spec.containers[1].name}")).isEqualTo("side");
        assertThat(eval(".spec.containers[*].name")).isEqualTo("app,side");
    }

    @Test
    void selectsNothingForAMissingField() {
        assertThat(eval(".status.replicas")).isEmpty();
        assertThat(eval(".status.conditions[?(@.type==\"Gone\")].status")).isEmpty();
    }

    @Test
    void rejectsWhatItCannotEvaluate() {
        assertThatThrownBy(() -> JsonPathExpression.parse(".items[0:2]")).hasMessageContaining("unsupported JSONPath");
    }
}
