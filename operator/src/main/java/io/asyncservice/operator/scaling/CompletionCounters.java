package io.asyncservice.operator.scaling;

import java.util.Map;

/**
 * Each running Pod's count of messages its sidecar finished with success since it started, for {@code targetDrainTime}
 * ({@link CompletionRate}). A Pod that could not be read is left out; it adds nothing to the rate.
 */
@FunctionalInterface
public interface CompletionCounters {

    /** Reads no Pod: every drain-time service stays on the fallback target. */
    CompletionCounters NONE = service -> Map.of();

    /** Success counters by Pod name. May block for a bounded time (it reads the sidecars); may throw. */
    Map<String, Long> succeededByPod(ScaledService service);
}
