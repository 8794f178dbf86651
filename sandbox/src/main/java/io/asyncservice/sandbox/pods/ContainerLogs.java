package io.asyncservice.sandbox.pods;

import java.nio.file.Path;
import java.util.Optional;

/**
 * Where the {@link KubeletServer} finds a container's output: the log file the process kubelet sends the
 * container's stdout and stderr to, and whether that container's process is still alive to append to it.
 */
public interface ContainerLogs {

    /** The file a container's output goes to, if a pod of that name runs here and has that container. */
    Optional<Path> logFile(String namespace, String pod, String container);

    /** Whether the container's process may still write to its log (a follow keeps reading while true). */
    boolean running(String namespace, String pod, String container);
}
