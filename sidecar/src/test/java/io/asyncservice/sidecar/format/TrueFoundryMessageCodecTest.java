package io.asyncservice.sidecar.format;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.asyncservice.sidecar.testing.TestingDelivery;
import io.asyncservice.sidecar.testing.TestingEventLog;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TrueFoundryMessageCodecTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final TrueFoundryMessageCodec codec = new TrueFoundryMessageCodec(10_000);
    private final TestingEventLog log = new TestingEventLog();

    private AppInput decode(String brokerId, String body) throws UndecodableMessageException {
        return codec.decode(TestingDelivery.withHeaders(brokerId, body, null, Map.of("traceparent", "00-t-s-01"), log));
    }

    private static JsonNode json(byte[] b) throws IOException {
        return JSON.readTree(b);
    }

    @Test
    void unwrapsTheEnvelope() throws Exception {
        AppInput in = decode("sqs-message-id", "{\"request_id\":\"abc-123\",\"body\":{\"x\":1,\"y\":2},\"published_at_epoch_ns\":17}");

        assertThat(in.requestId()).isEqualTo("abc-123");
        assertThat(json(in.body())).isEqualTo(JSON.readTree("{\"x\":1,\"y\":2}"));
        assertThat(in.contentType()).isEqualTo("application/json");
        assertThat(in.passHeaders()).containsEntry("traceparent", "00-t-s-01");
    }

    @Test
    void anEnvelopeBodyMayBeAnyJson() throws Exception {
        assertThat(new String(decode("m", "{\"request_id\":\"a\",\"body\":\"text\"}").body(), StandardCharsets.UTF_8))
                .isEqualTo("\"text\"");
        assertThat(new String(decode("m", "{\"request_id\":\"a\",\"body\":[1,2]}").body(), StandardCharsets.UTF_8))
                .isEqualTo("[1,2]");
    }

    @Test
    void unwrapsTheFlatFormByDroppingTrueFoundrysOwnFields() throws Exception {
        AppInput in = decode("sqs-message-id", "{\"tfy_request_id\":\"req-9\",\"tfy_published_at_epoch_ns\":1,"
                + "\"tfy_stream_response\":false,\"tfy_request_headers\":{\"a\":\"b\"},\"tfy_request_url_path\":\"/p\","
                + "\"tfy_request_method\":\"POST\",\"prompt\":\"hi\",\"n\":3}");

        assertThat(in.requestId()).isEqualTo("req-9");
        assertThat(json(in.body())).isEqualTo(JSON.readTree("{\"prompt\":\"hi\",\"n\":3}"));
    }

    @Test
    void aFlatMessageWithoutAnIdUsesTheBrokersId() throws Exception {
        AppInput in = decode("sqs-message-id", "{\"prompt\":\"hi\"}");

        assertThat(in.requestId()).isEqualTo("sqs-message-id");
        assertThat(json(in.body())).isEqualTo(JSON.readTree("{\"prompt\":\"hi\"}"));
    }

    @Test
    void anObjectWithRequestIdAndMoreFieldsIsTheFlatForm() throws Exception {
        AppInput in = decode("m", "{\"request_id\":\"a\",\"body\":1,\"other\":2}");

        assertThat(in.requestId()).isEqualTo("m");
        assertThat(json(in.body())).isEqualTo(JSON.readTree("{\"request_id\":\"a\",\"body\":1,\"other\":2}"));
    }

    @Test
    void badEnvelopesArePermanentFailuresWithAClearMessage() {
        assertThatThrownBy(() -> decode("m", "not json")).isInstanceOf(UndecodableMessageException.class)
                .hasMessageContaining("not JSON");
        assertThatThrownBy(() -> decode("m", "[1,2]")).isInstanceOf(UndecodableMessageException.class)
                .hasMessageContaining("must be a JSON object, not array");
        assertThatThrownBy(() -> decode("m", "{\"request_id\":42,\"body\":{}}"))
                .isInstanceOf(UndecodableMessageException.class).hasMessageContaining("request_id must be 1 to 36");
        assertThatThrownBy(() -> decode("m", "{\"request_id\":\"has space\",\"body\":{}}"))
                .isInstanceOf(UndecodableMessageException.class).hasMessageContaining("request_id");
        assertThatThrownBy(() -> decode("m", "{\"tfy_request_id\":\"" + "x".repeat(37) + "\"}"))
                .isInstanceOf(UndecodableMessageException.class).hasMessageContaining("tfy_request_id");
        assertThatThrownBy(() -> codec.decode(TestingDelivery.of("m", "{\"a\":\"" + "x".repeat(10_000) + "\"}", log)))
                .isInstanceOf(UndecodableMessageException.class).hasMessageContaining("over the limit");
    }

    @Test
    void writesTheirOutputMessageShape() throws Exception {
        AppInput in = decode("m", "{\"request_id\":\"abc\",\"body\":{\"x\":1}}");
        JsonNode ok = json(codec.encodeOutput(new OutputRecord("abc", OutputStatus.SUCCESS, 200, "application/json",
                "{\"sum\":3}".getBytes(StandardCharsets.UTF_8), null, in)));

        assertThat(ok.get("request_id").asText()).isEqualTo("abc");
        assertThat(ok.get("status").asText()).isEqualTo("SUCCESS");
        assertThat(ok.get("body").isTextual()).as("their sidecar writes the response text").isTrue();
        assertThat(ok.get("body").asText()).isEqualTo("{\"sum\":3}");
        assertThat(ok.get("status_code").isTextual()).isTrue();
        assertThat(ok.get("status_code").asText()).isEqualTo("200");
        assertThat(ok.get("content_type").asText()).isEqualTo("application/json");
        assertThat(ok.get("error").isNull()).isTrue();
        assertThat(ok.get("input_message").isNull()).isTrue();

        JsonNode failed = json(codec.encodeOutput(new OutputRecord("abc", OutputStatus.FAILED, 500, "text/plain",
                "boom".getBytes(StandardCharsets.UTF_8), "gave up", in)));
        assertThat(failed.get("status").asText()).isEqualTo("FAILED");
        assertThat(failed.get("error").asText()).isEqualTo("gave up");
        assertThat(failed.get("input_message")).isEqualTo(JSON.readTree("{\"request_id\":\"abc\",\"body\":{\"x\":1}}"));
    }

    @Test
    void theAppGetsTheBodyAsTheProducerWroteIt() throws Exception {
        String body = "{\"v\": 12345678901234567.89,  \"k\":[1.50]}";
        AppInput in = decode("m", "{\"request_id\":\"abc\", \"body\": " + body + " }");

        assertThat(new String(in.body(), StandardCharsets.UTF_8)).isEqualTo(body);
    }

    @Test
    void theFlatFormKeepsEveryOtherMemberAsWritten() throws Exception {
        AppInput in = decode("m", "{\"tfy_request_id\":\"abc\", \"big\" : 12345678901234567.89, \"s\":\"\\u00e9\"}");

        assertThat(new String(in.body(), StandardCharsets.UTF_8)).isEqualTo("{\"big\" : 12345678901234567.89,\"s\":\"\\u00e9\"}");
        assertThat(in.requestId()).isEqualTo("abc");
    }

    @Test
    void aFailedOutputEmbedsTheInputAsWritten() throws Exception {
        String message = "{\"request_id\":\"abc\",\"body\":{\"v\":12345678901234567.89}}";
        AppInput in = decode("m", message);
        String out = new String(codec.encodeOutput(new OutputRecord("abc", OutputStatus.FAILED, 500, "text/plain",
                "boom".getBytes(StandardCharsets.UTF_8), "gave up", in)), StandardCharsets.UTF_8);

        assertThat(out).contains("\"input_message\":" + message + ",");
    }
}
