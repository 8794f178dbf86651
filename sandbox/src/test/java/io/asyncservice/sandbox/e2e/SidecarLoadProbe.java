package io.asyncservice.sandbox.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.Pod;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What a test reads from a sidecar's {@code /load}, as the scaler does: at the pod's IP and the sidecar container's
 * {@code asvc-sidecar} port, so it also shows that a pod of the sandbox answers at its own address.
 */
final class SidecarLoadProbe {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
    private static final ObjectMapper JSON = new ObjectMapper();

    private SidecarLoadProbe() {
    }

    /** The pod's messages in flight, or empty when it has no IP yet or its sidecar does not answer. */
    static Optional<Integer> read(Pod pod) {
        String ip = pod.getStatus() == null ? null : pod.getStatus().getPodIP();
        Integer port = sidecarPort(pod);
        if (ip == null || port == null) {
            return Optional.empty();
        }
        try {
            HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create("http://" + ip + ":" + port + "/load"))
                    .timeout(Duration.ofSeconds(1)).GET().build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                return Optional.empty();
            }
            JsonNode load = JSON.readTree(response.body());
            return load.hasNonNull("inFlight") ? Optional.of(load.get("inFlight").asInt()) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    private static Integer sidecarPort(Pod pod) {
        List<Container> containers = new ArrayList<>(pod.getSpec().getContainers());
        if (pod.getSpec().getInitContainers() != null) {
            containers.addAll(pod.getSpec().getInitContainers());
        }
        for (Container c : containers) {
            for (ContainerPort p : c.getPorts() == null ? List.<ContainerPort>of() : c.getPorts()) {
                if ("asvc-sidecar".equals(p.getName())) {
                    return p.getContainerPort();
                }
            }
        }
        return null;
    }
}
