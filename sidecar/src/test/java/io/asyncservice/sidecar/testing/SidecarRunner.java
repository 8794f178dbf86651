package io.asyncservice.sidecar.testing;

import io.asyncservice.api.sidecar.SidecarContract;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** A sidecar under test, in this JVM ({@link InProcessSidecar}) or in its own ({@link SidecarProcess}). */
public interface SidecarRunner extends AutoCloseable {

    HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    /** The sidecar's own port (/livez, /readyz, /metrics, /drain). */
    int adminPort();

    /** Stops it the way SIGTERM does: drain within the deadline, release the rest. */
    void stop();

    @Override
    default void close() {
        stop();
    }

    /** Calls an admin endpoint, with the given header names and values; returns the status and body. */
    default HttpResponse<String> admin(String method, String path, Duration timeout, String... headers) {
        try {
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + adminPort() + path))
                    .timeout(timeout)
                    .method(method, HttpRequest.BodyPublishers.noBody());
            if (headers.length > 0) {
                request.headers(headers);
            }
            return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalStateException(method + " " + path + " failed: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /**
     * POST /drain with {@code token} in the drain token header, as the preStop hook sends it; returns when the sidecar
     * answers, i.e. when everything in flight is settled (or at once, when it refuses).
     */
    default HttpResponse<String> drain(String token) {
        return admin("POST", SidecarContract.DRAIN_PATH, Duration.ofMinutes(2), SidecarContract.DRAIN_TOKEN_HEADER, token);
    }

    /** True when /livez answers 200. */
    default boolean live() {
        try {
            return admin("GET", "/livez", Duration.ofSeconds(2)).statusCode() == 200;
        } catch (IllegalStateException e) {
            return false;
        }
    }
}
