package io.asyncservice.operator.scaling;

import java.util.Map;
import java.util.Optional;

/**
 * Reads a Secret in an AsyncService's namespace: the same Secrets the sidecar gets, which the operator reads for the
 * scaler's own broker clients. Values are decoded; they never go into logs, Events or status.
 */
public interface SecretReader {

    /** The Secret's keys and decoded values, or empty when it does not exist. */
    Optional<Map<String, String>> read(String namespace, String name);
}
