package io.asyncservice.sidecar.format;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class OutputMessageCodecTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static JsonNode encode(OutputRecord r) throws IOException {
        return JSON.readTree(OutputMessageCodec.encode(r));
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void aJsonResponseIsEmbeddedAsJson() throws IOException {
        JsonNode out = encode(new OutputRecord("r1", OutputStatus.SUCCESS, 200, "application/json; charset=utf-8",
                utf8("{\"summary\":\"short\",\"n\":[1,2]}"), null, null));

        assertThat(out.get("request_id").asText()).isEqualTo("r1");
        assertThat(out.get("status").asText()).isEqualTo("SUCCESS");
        assertThat(out.get("status_code").asInt()).isEqualTo(200);
        assertThat(out.get("content_type").asText()).isEqualTo("application/json; charset=utf-8");
        assertThat(out.get("body").get("summary").asText()).isEqualTo("short");
        assertThat(out.get("body").get("n").get(1).asInt()).isEqualTo(2);
        assertThat(out.get("error").isNull()).isTrue();
        assertThat(out.has("body_encoding")).isFalse();
    }

    @Test
    void aVendorJsonTypeIsJsonToo() throws IOException {
        JsonNode out = encode(new OutputRecord("r1", OutputStatus.SUCCESS, 200, "application/problem+json",
                utf8("{\"title\":\"x\"}"), null, null));
        assertThat(out.get("body").get("title").asText()).isEqualTo("x");
    }

    @Test
    void textAndMalformedJsonAreStrings() throws IOException {
        assertThat(encode(new OutputRecord("r1", OutputStatus.SUCCESS, 200, "text/plain", utf8("héllo"), null, null))
                .get("body").asText()).isEqualTo("héllo");
        assertThat(encode(new OutputRecord("r1", OutputStatus.SUCCESS, 200, "application/json", utf8("{oops"), null, null))
                .get("body").asText()).isEqualTo("{oops");
    }

    @Test
    void binaryIsBase64WithItsEncodingNamed() throws IOException {
        byte[] png = {(byte) 0x89, 'P', 'N', 'G', 0, (byte) 0xff};
        JsonNode out = encode(new OutputRecord("r1", OutputStatus.SUCCESS, 200, "image/png", png, null, null));

        assertThat(out.get("body_encoding").asText()).isEqualTo("base64");
        assertThat(Base64.getDecoder().decode(out.get("body").asText())).isEqualTo(png);
    }

    @Test
    void aFailureWithoutAResponseHasNullsAndTheError() throws IOException {
        JsonNode out = encode(new OutputRecord("r1", OutputStatus.FAILED, null, null, null, "the app did not answer within PT5M", null));

        assertThat(out.get("status").asText()).isEqualTo("FAILED");
        assertThat(out.get("status_code").isNull()).isTrue();
        assertThat(out.get("content_type").isNull()).isTrue();
        assertThat(out.get("body").isNull()).isTrue();
        assertThat(out.get("error").asText()).isEqualTo("the app did not answer within PT5M");
    }

    @Test
    void anEmptyResponseBodyIsNull() throws IOException {
        assertThat(encode(new OutputRecord("r1", OutputStatus.SUCCESS, 204, null, new byte[0], null, null)).get("body").isNull())
                .isTrue();
    }
}
