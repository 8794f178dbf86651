package io.asyncservice.sandbox.pods;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Optional;

/** The host, port and path that a request to the {@link ServiceProxy} is for. */
record ProxyTarget(String host, int port, String pathAndQuery) {

    /**
     * From a request's target: absolute in proxy form ({@code http://echo.demo.svc:8080/x?y}); otherwise the
     * {@code Host} header names the host. Empty if neither names one.
     */
    static Optional<ProxyTarget> of(URI requestUri, String hostHeader) {
        URI authority = requestUri;
        if (!requestUri.isAbsolute()) {
            if (hostHeader == null || hostHeader.isBlank()) {
                return Optional.empty();
            }
            try {
                authority = new URI("http://" + hostHeader.strip());
            } catch (URISyntaxException e) {
                return Optional.empty();
            }
        }
        if (authority.getHost() == null) {
            return Optional.empty();
        }
        String path = requestUri.getRawPath() == null || requestUri.getRawPath().isEmpty() ? "/"
                : requestUri.getRawPath();
        String query = requestUri.getRawQuery() == null ? "" : "?" + requestUri.getRawQuery();
        return Optional.of(new ProxyTarget(authority.getHost().toLowerCase(Locale.ROOT),
                authority.getPort() < 0 ? 80 : authority.getPort(), path + query));
    }

    /** {@code host:port}, as messages name it. */
    String authority() {
        return host + ":" + port;
    }
}
