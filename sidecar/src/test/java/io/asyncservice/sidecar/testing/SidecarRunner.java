package io.asyncservice.sidecar.testing;

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

    /** Calls an admin endpoint; returns the status and body. */
    default HttpResponse<String> admin(String method, String path, Duration timeout) {
        try {
            HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + adminPort() + path))
                    .timeout(timeout)
                    .method(method, HttpRequest.BodyPublishers.noBody())
                    .build();
            return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalStateException(method + " " + path + " failed: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** POST /drain; returns when the sidecar answers, i.e. when everything in flight is settled. */
    default HttpResponse<String> drain() {
        return admin("POST", "/drain", Duration.ofMinutes(2));
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
