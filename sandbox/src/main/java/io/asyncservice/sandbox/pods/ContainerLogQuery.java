package io.asyncservice.sandbox.pods;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/**
 * The parameters of a kubelet {@code containerLogs} request that the sandbox acts on, parsed from its query string.
 * {@code tailLines} is -1 for the whole file; {@code limitBytes} is {@link Long#MAX_VALUE} for no limit.
 */
record ContainerLogQuery(boolean follow, long tailLines, long limitBytes, boolean previous) {

    /** @throws IllegalArgumentException with a message for the client, if a parameter has a value it cannot take */
    static ContainerLogQuery parse(String rawQuery) {
        Map<String, String> params = new HashMap<>();
        if (rawQuery != null && !rawQuery.isEmpty()) {
            for (String pair : rawQuery.split("&")) {
                int eq = pair.indexOf('=');
                String name = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
                String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
                params.putIfAbsent(name, value);
            }
        }
        long tailLines = number(params, "tailLines", 0, -1);
        long limitBytes = number(params, "limitBytes", 1, Long.MAX_VALUE);
        return new ContainerLogQuery(bool(params, "follow"), tailLines, limitBytes, bool(params, "previous"));
    }

    /** As Go's {@code strconv.ParseBool}, which the kubelet uses. */
    private static boolean bool(Map<String, String> params, String name) {
        String value = params.get(name);
        if (value == null) {
            return false;
        }
        return switch (value) {
            case "1", "t", "T", "true", "TRUE", "True" -> true;
            case "", "0", "f", "F", "false", "FALSE", "False" -> false;
            default -> throw new IllegalArgumentException(name + " must be true or false, not \"" + value + "\"");
        };
    }

    private static long number(Map<String, String> params, String name, long min, long absent) {
        String value = params.get(name);
        if (value == null) {
            return absent;
        }
        try {
            long parsed = Long.parseLong(value);
            if (parsed >= min) {
                return parsed;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw new IllegalArgumentException(name + " must be a whole number of at least " + min + ", not \""
                + value + "\"");
    }
}
