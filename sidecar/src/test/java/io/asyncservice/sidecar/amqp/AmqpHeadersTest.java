package io.asyncservice.sidecar.amqp;

import static org.assertj.core.api.Assertions.assertThat;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Envelope;
import com.rabbitmq.client.impl.LongStringHelper;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AmqpHeadersTest {

    private static final Envelope FIRST = new Envelope(1, false, "", "q");
    private static final Envelope REDELIVERED = new Envelope(1, true, "", "q");

    private static AMQP.BasicProperties props(String messageId, Map<String, Object> headers) {
        return new AMQP.BasicProperties.Builder().messageId(messageId).contentType("application/json").headers(headers).build();
    }

    @Test
    void headersAreLowerCasedStringsWithTheContentType() {
        Map<String, String> headers = AmqpHeaders.lowerCased(props(null, Map.of(
                "TraceParent", LongStringHelper.asLongString("00-abc-def-01"),
                "X-Number", 42,
                "x-nested", Map.of("a", 1),
                "x-list", List.of(1))));

        assertThat(headers).containsExactlyInAnyOrderEntriesOf(Map.of(
                "traceparent", "00-abc-def-01", "x-number", "42", "content-type", "application/json"));
    }

    @Test
    void requestIdIsTheMessageIdElseTheHeaderElseNull() {
        AMQP.BasicProperties both = props("m-1", Map.of("x-request-id", LongStringHelper.asLongString("h-1")));
        AMQP.BasicProperties headerOnly = props(null, Map.of("X-Request-Id", LongStringHelper.asLongString("h-1")));
        AMQP.BasicProperties neither = props(null, null);

        assertThat(AmqpHeaders.requestId(both, AmqpHeaders.lowerCased(both))).isEqualTo("m-1");
        assertThat(AmqpHeaders.requestId(headerOnly, AmqpHeaders.lowerCased(headerOnly))).isEqualTo("h-1");
        assertThat(AmqpHeaders.requestId(neither, AmqpHeaders.lowerCased(neither))).isNull();
    }

    @Test
    void quorumQueueDeliveryCountIsTheHeaderPlusOne() {
        assertThat(AmqpHeaders.deliveryCount(REDELIVERED, props(null, Map.of("x-delivery-count", 3L)))).isEqualTo(4);
        assertThat(AmqpHeaders.deliveryCount(FIRST, props(null, Map.of("x-delivery-count", 0)))).isEqualTo(1);
    }

    @Test
    void classicQueueDeliveryCountComesFromTheRedeliveredFlag() {
        assertThat(AmqpHeaders.deliveryCount(FIRST, props(null, null))).isEqualTo(1);
        assertThat(AmqpHeaders.deliveryCount(REDELIVERED, props(null, Map.of()))).isEqualTo(2);
    }
}
