package io.asyncservice.sidecar.config;

import java.time.Duration;

/**
 * Where and how the sidecar calls the app.
 *
 * @param port the app's port on 127.0.0.1
 * @param path the path each message is POSTed to
 * @param timeout how long one request may take
 * @param readinessPath a GET path answering 2xx when the app is ready, or null to wait for the port to accept TCP
 * @param maxResponseBytes the largest response body kept; a longer one is a permanent failure
 */
public record EndpointSettings(int port, String path, Duration timeout, String readinessPath, int maxResponseBytes) {

    /** The defaults' limit: see {@code ConfigValidator.DEFAULT_MAX_RESPONSE_BYTES}. */
    public EndpointSettings(int port, String path, Duration timeout, String readinessPath) {
        this(port, path, timeout, readinessPath, ConfigValidator.DEFAULT_MAX_RESPONSE_BYTES);
    }
}
