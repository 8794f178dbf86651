package io.asyncservice.sidecar.format;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** The message headers that travel on to the app and to the output unchanged: W3C trace context. */
public final class PassHeaders {

    public static final List<String> NAMES = List.of("traceparent", "tracestate");

    private PassHeaders() {
    }

    /** The trace headers among a message's (lower-case) headers. */
    public static Map<String, String> of(Map<String, String> headers) {
        Map<String, String> pass = new HashMap<>(2);
        for (String name : NAMES) {
            String v = headers.get(name);
            if (v != null && !v.isBlank()) {
                pass.put(name, v);
            }
        }
        return Map.copyOf(pass);
    }
}
