package io.asyncservice.sidecar.kafka;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;

/** How Kafka records carry the sidecar's message fields: lower-cased headers, request id, content type. */
final class KafkaRecords {

    static final String REQUEST_ID = "x-request-id";
    static final String CONTENT_TYPE = "content-type";

    private KafkaRecords() {
    }

    /** The headers with lower-case names and UTF-8 values; when a name repeats, the last value wins, as in Kafka's lastHeader. */
    static Map<String, String> headers(Headers headers) {
        Map<String, String> map = new LinkedHashMap<>();
        for (Header h : headers) {
            map.put(h.key().toLowerCase(Locale.ROOT), h.value() == null ? "" : new String(h.value(), StandardCharsets.UTF_8));
        }
        return map;
    }

    /** The {@code x-request-id} header, else the record key, else null (blank values count as absent). */
    static String requestId(Map<String, String> headers, byte[] key) {
        String header = headers.get(REQUEST_ID);
        if (header != null && !header.isBlank()) {
            return header;
        }
        if (key != null && key.length > 0) {
            String k = new String(key, StandardCharsets.UTF_8);
            return k.isBlank() ? null : k;
        }
        return null;
    }

    static String contentType(Map<String, String> headers) {
        String value = headers.get(CONTENT_TYPE);
        return value == null || value.isBlank() ? null : value;
    }

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
