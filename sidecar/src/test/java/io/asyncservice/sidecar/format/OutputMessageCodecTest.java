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
    void anEmptyResponseBodyIsTheEmptyString() throws IOException {
        assertThat(encode(new OutputRecord("r1", OutputStatus.SUCCESS, 204, null, new byte[0], null, null)).get("body").asText())
                .isEmpty();
    }

    /** The output's body, cut out of the encoded message as text: what a consumer reading the raw message sees. */
    private static String rawBody(String contentType, byte[] body) {
        String out = new String(OutputMessageCodec.encode(new OutputRecord("r1", OutputStatus.SUCCESS, 200, contentType, body,
                null, null)), StandardCharsets.UTF_8);
        return JsonText.members(out).stream().filter(m -> m.name().equals("body")).findFirst().orElseThrow().value();
    }

    @Test
    void jsonIsEmbeddedAsWrittenNumbersKeyOrderAndWhitespaceIncluded() {
        String json = "{\"v\": 12345678901234567.89, \"z\":1e400, \"a\" :[1.50, -0.0]}";
        assertThat(rawBody("application/json", utf8(json))).isEqualTo(json);
    }

    @Test
    void ndjsonIsNotOneValueSoItIsTheWholeTextAsAString() throws IOException {
        String ndjson = "{\"a\":1}\n{\"a\":2}";
        JsonNode out = encode(new OutputRecord("r1", OutputStatus.SUCCESS, 200, "application/json", utf8(ndjson), null, null));
        assertThat(out.get("body").asText()).isEqualTo(ndjson);
    }

    @Test
    void jsonTextWithATrailingNewlineKeepsIt() {
        assertThat(rawBody("application/json", utf8("[1]\n"))).isEqualTo("[1]");
        String out = new String(OutputMessageCodec.encode(new OutputRecord("r1", OutputStatus.SUCCESS, 200, "application/json",
                utf8("[1]\n"), null, null)), StandardCharsets.UTF_8);
        assertThat(out).contains("\"body\":[1]\n,");
    }

    @Test
    void everyByteValueSurvivesAsBase64() throws IOException {
        byte[] all = new byte[256];
        for (int i = 0; i < all.length; i++) {
            all[i] = (byte) i;
        }
        JsonNode out = encode(new OutputRecord("r1", OutputStatus.SUCCESS, 200, "application/json", all, null, null));
        assertThat(out.get("body_encoding").asText()).isEqualTo("base64");
        assertThat(Base64.getDecoder().decode(out.get("body").asText())).isEqualTo(all);
    }
}
