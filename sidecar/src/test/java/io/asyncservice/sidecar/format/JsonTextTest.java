package io.asyncservice.sidecar.format;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonToken;
import io.asyncservice.sidecar.format.JsonText.Member;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class JsonTextTest {

    @ParameterizedTest
    @ValueSource(strings = {"{\"a\":1}", " [1, 2]\n", "\"text\"", "12345678901234567.89", "1e400", "null", "true",
            "{\"s\":\"" + "x" + "\", \"deep\": [[[{}]]]}"})
    void oneValueIsJson(String text) {
        assertThat(JsonText.isSingleValue(text)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "  ", "{\"a\":1}\n{\"a\":2}", "{\"a\":1} x", "[1,2", "{'a':1}", "NaN", "{\"a\":1,}",
            "// c\n{}", "\uFEFF{}", "01", "{\"a\":\"tab\there\"}"})
    void anythingElseIsNot(String text) {
        assertThat(JsonText.isSingleValue(text)).isFalse();
    }

    @Test
    void membersAreCutOutAsWritten() {
        String text = "{ \"n\" : 12345678901234567.89 ,\n  \"s\":\"a\\u00e9\\\"b\", \"o\": {\"x\": [1, 2.50]},\"last\":null }";

        List<Member> members = JsonText.members(text);

        assertThat(members).extracting(Member::name).containsExactly("n", "s", "o", "last");
        assertThat(members).extracting(Member::value)
                .containsExactly("12345678901234567.89", "\"a\\u00e9\\\"b\"", "{\"x\": [1, 2.50]}", "null");
        assertThat(members).extracting(Member::source)
                .containsExactly("\"n\" : 12345678901234567.89", "\"s\":\"a\\u00e9\\\"b\"", "\"o\": {\"x\": [1, 2.50]}", "\"last\":null");
        assertThat(members.get(1).kind()).isEqualTo(JsonToken.VALUE_STRING);
        assertThat(members.get(1).text()).isEqualTo("aé\"b");
        assertThat(members.get(0).text()).isNull();
    }

    @Test
    void membersOfWhatIsNotOneObjectAreNull() {
        assertThat(JsonText.members("[1]")).isNull();
        assertThat(JsonText.members("{\"a\":1} {}")).isNull();
        assertThat(JsonText.members("{\"a\":")).isNull();
        assertThat(JsonText.members("{}")).isEmpty();
    }

    @Test
    void namesTheKindOfAValue() {
        assertThat(JsonText.kind("[1]")).isEqualTo("array");
        assertThat(JsonText.kind("\"s\"")).isEqualTo("string");
        assertThat(JsonText.kind("-1.5")).isEqualTo("number");
        assertThat(JsonText.kind("false")).isEqualTo("boolean");
        assertThat(JsonText.kind("null")).isEqualTo("null");
        assertThat(JsonText.kind("{}")).isEqualTo("object");
    }
}
