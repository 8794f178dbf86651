package io.asyncservice.sidecar.format;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.asyncservice.sidecar.testing.TestingDelivery;
import io.asyncservice.sidecar.testing.TestingEventLog;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class RawMessageCodecTest {

    private final TestingEventLog log = new TestingEventLog();

    @Test
    void passesTheBodyContentTypeAndTraceHeadersThrough() throws Exception {
        AppInput in = new RawMessageCodec(100).decode(TestingDelivery.withHeaders("r1", "plain text", "text/plain",
                Map.of("traceparent", "tp", "tracestate", "ts", "x-other", "o"), log));

        assertThat(in.requestId()).isEqualTo("r1");
        assertThat(in.body()).isEqualTo("plain text".getBytes());
        assertThat(in.contentType()).isEqualTo("text/plain");
        assertThat(in.passHeaders()).containsOnly(Map.entry("traceparent", "tp"), Map.entry("tracestate", "ts"));
        assertThat(in.envelope()).isNull();
    }

    @Test
    void aMessageWithoutARequestIdGetsAUuid() throws Exception {
        AppInput in = new RawMessageCodec(100).decode(TestingDelivery.of(null, "x", log));

        assertThat(UUID.fromString(in.requestId())).isNotNull();
    }

    @Test
    void aBodyOverTheLimitIsUndecodable() {
        assertThatThrownBy(() -> new RawMessageCodec(3).decode(TestingDelivery.of("r1", "four", log)))
                .isInstanceOf(UndecodableMessageException.class)
                .hasMessage("the message body is 4 bytes, over the limit of 3 bytes");
    }

    @Test
    void requestIdsPreferTheFirstNonBlankCandidate() {
        assertThat(RequestIds.resolve(null, " ", "b", "c")).isEqualTo("b");
        assertThat(RequestIds.resolve((String) null)).hasSize(36);
    }
}
