package io.asyncservice.testing;

import java.util.UUID;

/** Queue, stream, topic and group names that no other test run will use. */
public final class UniqueNames {

    private UniqueNames() {
    }

    /** E.g. {@code it-orders-3f2a9c1b}: letters, digits and dashes only, valid on every broker. */
    public static String of(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }
}
