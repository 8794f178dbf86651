package io.asyncservice.sidecar.format;

import java.util.UUID;

/** The request id of a message: the one it carries, else a new UUID. */
public final class RequestIds {

    private RequestIds() {
    }

    /** The first non-blank candidate, else a random UUID. */
    public static String resolve(String... candidates) {
        for (String c : candidates) {
            if (c != null && !c.isBlank()) {
                return c;
            }
        }
        return UUID.randomUUID().toString();
    }
}
