package io.asyncservice.sandbox.e2e;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.asyncservice.api.sidecar.SidecarLoad;
import io.asyncservice.operator.scaling.scalein.ServicePod;
import io.fabric8.kubernetes.api.model.Pod;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;

/**
 * What a test reads from a sidecar's {@code /load}, where the scaler reads it ({@link ServicePod#loadUri()}: the pod's
 * IP and the sidecar container's port), so it also shows that a pod of the sandbox answers at its own address.
 */
final class SidecarLoadProbe {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
    private static final ObjectMapper JSON = new ObjectMapper();

    private SidecarLoadProbe() {
    }

    /** The pod's messages in flight, or empty when it has no IP yet or its sidecar does not answer. */
    static Optional<Integer> read(Pod pod) {
        Optional<URI> uri = ServicePod.from(pod).loadUri();
        if (uri.isEmpty()) {
            return Optional.empty();
        }
        try {
            HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(uri.get()).timeout(Duration.ofSeconds(1)).GET()
                    .build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                return Optional.empty();
            }
            return Optional.of(JSON.readValue(response.body(), SidecarLoad.class).inFlight());
        } catch (IOException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }
}
