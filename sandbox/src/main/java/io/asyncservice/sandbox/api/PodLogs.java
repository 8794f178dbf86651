package io.asyncservice.sandbox.api;

import java.util.Optional;

/** Where {@code kubectl logs} finds a container's output: the pod runner's log files. */
@FunctionalInterface
public interface PodLogs {

    /** The container's output so far, or empty when this pod or container is not running here. */
    Optional<String> read(String namespace, String pod, String container);

    static PodLogs none() {
        return (namespace, pod, container) -> Optional.empty();
    }
}
