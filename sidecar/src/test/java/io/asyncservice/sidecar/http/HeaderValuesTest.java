package io.asyncservice.sidecar.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class HeaderValuesTest {

    static Stream<Arguments> requestIds() {
        return Stream.of(
                // sent as they are
                Arguments.of("req-1", "req-1"),
                Arguments.of("4bf92f35-77b3-4da6-a3ce-929d0e0e4736", "4bf92f35-77b3-4da6-a3ce-929d0e0e4736"),
                Arguments.of("a b\tc", "a b\tc"),
                Arguments.of("50% off+more", "50% off+more"),
                Arguments.of("x".repeat(1024), "x".repeat(1024)),
                // encoded: line breaks and other controls
                Arguments.of("a\r\nb", "a%0D%0Ab"),
                Arguments.of("req\nX-Injected: yes", "req%0AX-Injected:%20yes"),
                Arguments.of("nul\u0000del\u007f", "nul%00del%7F"),
                // non-ASCII, including what HttpClient would send as one Latin-1 byte
                Arguments.of("café-✓", "caf%C3%A9-%E2%9C%93"),
                Arguments.of("\u0085", "%C2%85"),
                // whitespace a server would strip
                Arguments.of(" x", "%20x"),
                Arguments.of("x\t", "x%09"),
                Arguments.of("  ", "%20%20"),
                // once encoding, % and + are encoded too, so that decoding is exact
                Arguments.of("50%+\n", "50%25%2B%0A"),
                // HttpClient accepts an empty value: nothing to encode
                Arguments.of("", ""));
    }

    @ParameterizedTest
    @MethodSource("requestIds")
    void aRequestIdIsSentAsItIsOrPercentEncoded(String id, String header) {
        assertThat(HeaderValues.requestId(id)).isEqualTo(header);
        assertThatCode(() -> HttpRequest.newBuilder(URI.create("http://127.0.0.1/")).header("X-Request-Id", header))
                .as("HttpClient takes it").doesNotThrowAnyException();
    }

    @ParameterizedTest
    @MethodSource("requestIds")
    void percentDecodingGivesTheIdBack(String id, String header) {
        if (!header.equals(id)) {
            assertThat(URLDecoder.decode(header, StandardCharsets.UTF_8)).isEqualTo(id);
        }
    }

    @Test
    void aLongIdIsCutAndEndsWithTheHashOfTheWholeId() throws Exception {
        String id = "x".repeat(5000);

        String header = HeaderValues.requestId(id);

        String hash = HexFormat.of().withUpperCase()
                .formatHex(MessageDigest.getInstance("SHA-256").digest(id.getBytes(StandardCharsets.UTF_8)));
        assertThat(header).hasSize(1024).isEqualTo("x".repeat(1024 - 72) + "~sha256:" + hash);
    }

    @Test
    void aCutNeverSplitsAnEscape() {
        for (int shift = 0; shift < 3; shift++) {
            String id = "y".repeat(shift) + "é".repeat(1000);

            String header = HeaderValues.requestId(id);

            String head = header.substring(0, header.indexOf("~sha256:"));
            assertThat(head).as("shift %d", shift).matches("y{" + shift + "}(%[0-9A-F]{2})+");
            assertThat(header.length()).isLessThanOrEqualTo(1024).isGreaterThan(1024 - 3);
        }
    }

    @Test
    void twoLongIdsWithTheSameStartGetDifferentHeaders() {
        String start = "z".repeat(2000);

        assertThat(HeaderValues.requestId(start + "1")).isNotEqualTo(HeaderValues.requestId(start + "2"));
    }

    @ParameterizedTest
    @MethodSource("requestIds")
    void onlyWhatIsSentAsItIsIsSendable(String id, String header) {
        assertThat(HeaderValues.isSendable(id)).isEqualTo(header.equals(id) && !id.isEmpty());
    }
}
