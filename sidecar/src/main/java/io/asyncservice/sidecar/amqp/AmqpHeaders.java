package io.asyncservice.sidecar.amqp;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Envelope;
import com.rabbitmq.client.LongString;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Reads what the sidecar needs from an AMQP delivery: headers as lower-case strings, request id, delivery count. */
final class AmqpHeaders {

    static final String REQUEST_ID = "x-request-id";
    static final String DELIVERY_COUNT = "x-delivery-count";
    static final String CONTENT_TYPE = "content-type";

    private AmqpHeaders() {
    }

    /**
     * The headers table with lower-case names and string values (AMQP long strings as UTF-8), plus {@code content-type}
     * from the properties. Nested tables and arrays are left out.
     */
    static Map<String, String> lowerCased(AMQP.BasicProperties properties) {
        Map<String, String> out = new HashMap<>();
        if (properties == null) {
            return out;
        }
        Map<String, Object> headers = properties.getHeaders();
        if (headers != null) {
            headers.forEach((name, value) -> {
                String text = text(value);
                if (text != null) {
                    out.putIfAbsent(name.toLowerCase(Locale.ROOT), text);
                }
            });
        }
        if (properties.getContentType() != null) {
            out.putIfAbsent(CONTENT_TYPE, properties.getContentType());
        }
        return out;
    }

    /** properties.messageId, else header {@code x-request-id}, else null. */
    static String requestId(AMQP.BasicProperties properties, Map<String, String> lowerCased) {
        if (properties != null && properties.getMessageId() != null && !properties.getMessageId().isBlank()) {
            return properties.getMessageId();
        }
        String header = lowerCased.get(REQUEST_ID);
        return header == null || header.isBlank() ? null : header;
    }

    /**
     * Quorum queues count earlier deliveries in {@code x-delivery-count}; this one adds 1. Classic queues only say
     * whether the message was delivered before, which counts as 2.
     */
    static int deliveryCount(Envelope envelope, AMQP.BasicProperties properties) {
        Object count = properties == null || properties.getHeaders() == null ? null : properties.getHeaders().get(DELIVERY_COUNT);
        if (count instanceof Number number) {
            long earlier = Math.max(0, number.longValue());
            return (int) Math.min(Integer.MAX_VALUE - 1L, earlier) + 1;
        }
        if (count != null) {
            try {
                return Math.max(0, Integer.parseInt(count.toString().trim())) + 1;
            } catch (NumberFormatException ignored) {
                // fall through to the redelivered flag
            }
        }
        return envelope.isRedeliver() ? 2 : 1;
    }

    private static String text(Object value) {
        if (value == null || value instanceof Map || value instanceof List) {
            return null;
        }
        if (value instanceof LongString longString) {
            return new String(longString.getBytes(), StandardCharsets.UTF_8);
        }
        if (value instanceof byte[] bytes) {
            return new String(bytes, StandardCharsets.UTF_8);
        }
        return value.toString();
    }
}
