package io.asyncservice.sidecar.nats;

import io.nats.client.impl.Headers;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Reads NATS message headers the way the sidecar needs them: lower-case names, the request id, the content type. */
final class NatsHeaders {

    static final String REQUEST_ID = "X-Request-Id";
    static final String MSG_ID = "Nats-Msg-Id";
    static final String CONTENT_TYPE = "Content-Type";

    private NatsHeaders() {
    }

    /** Every header with its name lower-cased; a header with several values keeps its first one. */
    static Map<String, String> lowerCased(Headers headers) {
        Map<String, String> out = new HashMap<>();
        if (headers == null) {
            return out;
        }
        for (String name : headers.keySet()) {
            List<String> values = headers.get(name);
            if (values != null && !values.isEmpty()) {
                out.putIfAbsent(name.toLowerCase(Locale.ROOT), values.get(0));
            }
        }
        return out;
    }

    /** {@code X-Request-Id}, else {@code Nats-Msg-Id}, else null. */
    static String requestId(Map<String, String> lowerCased) {
        String id = nonBlank(lowerCased.get(REQUEST_ID.toLowerCase(Locale.ROOT)));
        return id != null ? id : nonBlank(lowerCased.get(MSG_ID.toLowerCase(Locale.ROOT)));
    }

    static String contentType(Map<String, String> lowerCased) {
        return nonBlank(lowerCased.get(CONTENT_TYPE.toLowerCase(Locale.ROOT)));
    }

    private static String nonBlank(String value) {
        return value == null || value.isBlank() ? null : value;
    }
}
