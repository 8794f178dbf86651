package io.asyncservice.sidecar.format;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DeadLetterCodecTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Instant AT = Instant.parse("2025-01-02T03:04:05Z");

    @Test
    void keepsTheOriginalBodyByteForByteNextToTheFailure() throws IOException {
        String original = "{ \"b\": 2,   \"a\": 1 }";
        JsonNode dl = JSON.readTree(DeadLetterCodec.encode(new DeadLetterRecord("r1", "the app answered 400", 1, AT,
                original.getBytes(StandardCharsets.UTF_8), "application/json", Map.of("traceparent", "00-x-y-01"),
                400, "application/json", "{\"reason\":\"bad\"}".getBytes(StandardCharsets.UTF_8))));

        assertThat(dl.get("request_id").asText()).isEqualTo("r1");
        assertThat(dl.get("error").asText()).isEqualTo("the app answered 400");
        assertThat(dl.get("attempts").asInt()).isEqualTo(1);
        assertThat(dl.get("failed_at").asText()).isEqualTo("2025-01-02T03:04:05Z");
        assertThat(dl.get("status_code").asInt()).isEqualTo(400);
        assertThat(dl.get("original").get("body").asText()).isEqualTo(original);
        assertThat(dl.get("original").get("content_type").asText()).isEqualTo("application/json");
        assertThat(dl.get("original").get("headers").get("traceparent").asText()).isEqualTo("00-x-y-01");
        assertThat(dl.get("response").get("status_code").asInt()).isEqualTo(400);
        assertThat(dl.get("response").get("body").get("reason").asText()).isEqualTo("bad");
    }

    @Test
    void aNonUtf8OriginalIsBase64AndAMissingResponseIsNull() throws IOException {
        byte[] original = {(byte) 0xc3, (byte) 0x28, 0};
        JsonNode dl = JSON.readTree(DeadLetterCodec.encode(new DeadLetterRecord("r1", "undecodable message: x", 1, AT,
                original, null, Map.of(), null, null, null)));

        assertThat(dl.get("original").get("body_encoding").asText()).isEqualTo("base64");
        assertThat(Base64.getDecoder().decode(dl.get("original").get("body").asText())).isEqualTo(original);
        assertThat(dl.get("original").get("content_type").isNull()).isTrue();
        assertThat(dl.get("status_code").isNull()).isTrue();
        assertThat(dl.get("response").isNull()).isTrue();
    }
}
