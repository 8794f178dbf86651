package io.asyncservice.operator.scaling;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Limits the reads in flight to one broker endpoint, so that a slow or unreachable broker holds few read threads. */
final class EndpointBulkhead {

    private final int limit;
    private final Map<String, Integer> inFlight = new ConcurrentHashMap<>();

    EndpointBulkhead(int limit) {
        this.limit = limit;
    }

    /** Takes a slot for the endpoint, or returns false when it has {@code limit} reads in flight already. */
    boolean tryEnter(String endpoint) {
        boolean[] entered = {false};
        inFlight.compute(endpoint, (k, n) -> {
            int current = n == null ? 0 : n;
            if (current >= limit) {
                return current;
            }
            entered[0] = true;
            return current + 1;
        });
        return entered[0];
    }

    void exit(String endpoint) {
        inFlight.computeIfPresent(endpoint, (k, n) -> n <= 1 ? null : n - 1);
    }

    int inFlight(String endpoint) {
        return inFlight.getOrDefault(endpoint, 0);
    }
}
