package io.asyncservice.sidecar.format;

/** The status field of an output message. */
public enum OutputStatus {
    SUCCESS, FAILED
}
