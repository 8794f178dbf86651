package io.asyncservice.sidecar.nats;

import static org.assertj.core.api.Assertions.assertThat;

import io.nats.client.impl.Headers;
import java.util.Map;
import org.junit.jupiter.api.Test;

class NatsHeadersTest {

    @Test
    void namesAreLowerCasedAndTheFirstValueKept() {
        Headers headers = new Headers().put("TraceParent", "00-abc-def-01").add("X-Multi", "one", "two");

        assertThat(NatsHeaders.lowerCased(headers)).containsExactlyInAnyOrderEntriesOf(
                Map.of("traceparent", "00-abc-def-01", "x-multi", "one"));
    }

    @Test
    void noHeadersIsAnEmptyMap() {
        assertThat(NatsHeaders.lowerCased(null)).isEmpty();
    }

    @Test
    void requestIdPrefersXRequestIdOverNatsMsgId() {
        Map<String, String> both = NatsHeaders.lowerCased(new Headers().put("X-Request-Id", "r-1").put("Nats-Msg-Id", "m-1"));
        Map<String, String> msgIdOnly = NatsHeaders.lowerCased(new Headers().put("Nats-Msg-Id", "m-1"));

        assertThat(NatsHeaders.requestId(both)).isEqualTo("r-1");
        assertThat(NatsHeaders.requestId(msgIdOnly)).isEqualTo("m-1");
        assertThat(NatsHeaders.requestId(Map.of())).isNull();
        assertThat(NatsHeaders.requestId(Map.of("x-request-id", " "))).isNull();
    }

    @Test
    void contentTypeComesFromTheHeader() {
        assertThat(NatsHeaders.contentType(NatsHeaders.lowerCased(new Headers().put("Content-Type", "text/plain"))))
                .isEqualTo("text/plain");
        assertThat(NatsHeaders.contentType(Map.of())).isNull();
    }
}
