package io.asyncservice.sidecar.logging;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class OneLineTest {

    static Stream<Arguments> texts() {
        return Stream.of(
                // written, escaped
                Arguments.of("req-1", "req-1"),
                Arguments.of("café-✓ \\ \"q\"", "café-✓ \\ \"q\""),
                Arguments.of("a\nb", "a\\nb"),
                Arguments.of("a\r\n2026-01-01 ERROR forged", "a\\r\\n2026-01-01 ERROR forged"),
                Arguments.of("a\tb", "a\\tb"),
                Arguments.of("nul\u0000esc\u001b", "nul\\u0000esc\\u001b"),
                Arguments.of("del\u007fnel\u0085", "del\\u007fnel\\u0085"),
                Arguments.of("ls\u2028ps\u2029", "ls\\u2028ps\\u2029"));
    }

    @ParameterizedTest
    @MethodSource("texts")
    void controlCharactersAreEscapedAndNothingElse(String text, String escaped) {
        assertThat(OneLine.escape(text)).isEqualTo(escaped);
    }

    @Test
    void textWithoutControlCharactersIsReturnedAsItIs() {
        String text = "request req-1 failed";

        assertThat(OneLine.escape(text)).isSameAs(text);
        assertThat(OneLine.escape(null)).isNull();
    }
}
