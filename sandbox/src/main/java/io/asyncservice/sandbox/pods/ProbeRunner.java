package io.asyncservice.sandbox.pods;

import io.fabric8.kubernetes.api.model.HTTPGetAction;
import io.fabric8.kubernetes.api.model.Probe;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/**
 * Runs probes and httpGet hooks against a local pod, through its {@link PortPlan}: httpGet answers 200 to 399 to
 * pass, tcpSocket must accept; an exec probe cannot run locally and counts as passed.
 */
final class ProbeRunner {

    /** Probes: a probe that cannot connect within a second fails, and the next round tries again. */
    private final HttpClient probes = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(1)).build();

    CompletableFuture<Boolean> check(Probe probe, PortPlan ports) {
        if (probe.getHttpGet() != null) {
            return get(probes, probe.getHttpGet(), ports, Duration.ofSeconds(Math.max(1, timeoutSeconds(probe))))
                    .thenApply(code -> code >= 200 && code < 400)
                    .exceptionally(e -> false);
        }
        if (probe.getTcpSocket() != null) {
            int port = ports.host(probe.getTcpSocket().getPort());
            return CompletableFuture.supplyAsync(() -> accepts(port));
        }
        return CompletableFuture.completedFuture(true);
    }

    /**
     * A hook's GET on 127.0.0.1 at the action's host port, on the calling thread, with the whole {@code timeout}
     * for connecting and answering, as the kubelet gives a hook the grace period. (The JDK HttpClient failed such
     * calls now and then on a loaded machine with a ConnectException caused by a ClosedChannelException, while
     * the server was listening; a blocking HttpURLConnection does not.)
     *
     * @return the status code
     */
    int httpGetBlocking(HTTPGetAction action, PortPlan ports, Duration timeout) throws IOException {
        String path = action.getPath() == null || action.getPath().isEmpty() ? "/" : action.getPath();
        java.net.URL url = URI.create("http://127.0.0.1:" + ports.host(action.getPort())
                + (path.startsWith("/") ? path : "/" + path)).toURL();
        java.net.HttpURLConnection connection = (java.net.HttpURLConnection) url.openConnection();
        int millis = (int) Math.max(1, Math.min(Integer.MAX_VALUE, timeout.toMillis()));
        connection.setConnectTimeout(millis);
        connection.setReadTimeout(millis);
        if (action.getHttpHeaders() != null) {
            action.getHttpHeaders().forEach(h -> connection.setRequestProperty(h.getName(), h.getValue()));
        }
        try {
            int code = connection.getResponseCode();
            java.io.InputStream body = code >= 400 ? connection.getErrorStream() : connection.getInputStream();
            if (body != null) {
                try (body) {
                    body.readAllBytes();
                }
            }
            return code;
        } finally {
            connection.disconnect();
        }
    }

    private static CompletableFuture<Integer> get(HttpClient http, HTTPGetAction action, PortPlan ports, Duration timeout) {
        String path = action.getPath() == null || action.getPath().isEmpty() ? "/" : action.getPath();
        URI uri = URI.create("http://127.0.0.1:" + ports.host(action.getPort()) + (path.startsWith("/") ? path : "/" + path));
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(timeout).GET();
        if (action.getHttpHeaders() != null) {
            action.getHttpHeaders().forEach(h -> request.header(h.getName(), h.getValue()));
        }
        return http.sendAsync(request.build(), HttpResponse.BodyHandlers.discarding()).thenApply(HttpResponse::statusCode);
    }

    private static int timeoutSeconds(Probe probe) {
        return probe.getTimeoutSeconds() == null ? 1 : probe.getTimeoutSeconds();
    }

    private static boolean accepts(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 500);
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
