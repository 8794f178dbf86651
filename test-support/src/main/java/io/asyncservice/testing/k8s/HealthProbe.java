package io.asyncservice.testing.k8s;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.time.Duration;

/**
 * Asks a component's health endpoint ({@code /health}, {@code /readyz}, {@code /healthz}) whether it is ready. Over
 * HTTP/1.1: the JDK 17 client's HTTP/2 fails against kube-controller-manager's server ("GOAWAY received") where curl's
 * succeeds, and a health check gains nothing from HTTP/2.
 */
final class HealthProbe {

    private final HttpClient client;

    private HealthProbe(HttpClient client) {
        this.client = client;
    }

    /** For plain HTTP (etcd's client port). */
    static HealthProbe plain() {
        return new HealthProbe(HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(2))
                .build());
    }

    /** For HTTPS with a self-signed serving certificate: trusts exactly the certificates in {@code certificates}. */
    static HealthProbe trusting(Path certificates) throws IOException, GeneralSecurityException {
        return new HealthProbe(HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(2))
                .sslContext(Pem.trusting(certificates))
                .build());
    }

    /** True when {@code url} answers 200; {@code bearerToken} may be null. An answer other than 200 is thrown with its body. */
    boolean ok(String url, String bearerToken) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5)).GET();
        if (bearerToken != null) {
            request.header("Authorization", "Bearer " + bearerToken);
        }
        HttpResponse<String> response = client.send(request.build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IOException(url + " answered " + response.statusCode() + ": " + response.body().strip());
        }
        return true;
    }
}
