package io.asyncservice.sandbox.pods;

/**
 * A container cannot be started yet, e.g. a referenced Secret is missing. Shown in the container's waiting state,
 * like the kubelet's {@code CreateContainerConfigError}; the start is tried again on the next round.
 */
final class ContainerConfigException extends Exception {

    private final String reason;

    ContainerConfigException(String reason, String message) {
        super(message);
        this.reason = reason;
    }

    String reason() {
        return reason;
    }
}
