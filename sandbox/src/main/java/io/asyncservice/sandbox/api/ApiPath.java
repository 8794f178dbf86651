package io.asyncservice.sandbox.api;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A request path of the Kubernetes API taken apart, e.g.
 * {@code /apis/apps/v1/namespaces/default/deployments/web/scale?timeout=30s} is group {@code apps}, version
 * {@code v1}, namespace {@code default}, resource {@code deployments}, name {@code web}, subresource
 * {@code scale}.
 *
 * @param group       empty for the core group ({@code /api/v1})
 * @param namespace   null for a cluster-wide path
 * @param name        null for a collection
 * @param subresource null unless the path names one
 * @param query       the decoded query parameters
 */
public record ApiPath(String group, String version, String namespace, String plural, String name, String subresource,
        Map<String, String> query) {

    /** Parses a resource path; empty for discovery paths and anything else that names no resource. */
    public static Optional<ApiPath> parse(String pathAndQuery) {
        int q = pathAndQuery.indexOf('?');
        String path = q < 0 ? pathAndQuery : pathAndQuery.substring(0, q);
        Map<String, String> query = q < 0 ? Map.of() : query(pathAndQuery.substring(q + 1));
        List<String> segments = Arrays.stream(path.split("/")).filter(s -> !s.isEmpty()).toList();
        String group;
        int rest;
        if (segments.size() >= 3 && segments.get(0).equals("api")) {
            group = "";
            rest = 2;
        } else if (segments.size() >= 4 && segments.get(0).equals("apis")) {
            group = segments.get(1);
            rest = 3;
        } else {
            return Optional.empty();
        }
        String version = segments.get(rest - 1);
        List<String> tail = segments.subList(rest, segments.size());
        String namespace = null;
        if (tail.size() >= 3 && tail.get(0).equals("namespaces")) {
            namespace = tail.get(1);
            tail = tail.subList(2, tail.size());
        }
        if (tail.isEmpty() || tail.size() > 3) {
            return Optional.empty();
        }
        return Optional.of(new ApiPath(group, version, namespace, tail.get(0),
                tail.size() > 1 ? tail.get(1) : null, tail.size() > 2 ? tail.get(2) : null, query));
    }

    /** The same object without the subresource, e.g. for reading the object behind {@code /scale}. */
    public String objectPath() {
        StringBuilder b = new StringBuilder(group.isEmpty() ? "/api/" + version : "/apis/" + group + "/" + version);
        if (namespace != null) {
            b.append("/namespaces/").append(namespace);
        }
        b.append('/').append(plural);
        if (name != null) {
            b.append('/').append(name);
        }
        return b.toString();
    }

    public boolean isCollection() {
        return name == null;
    }

    private static Map<String, String> query(String text) {
        Map<String, String> params = new LinkedHashMap<>();
        for (String pair : text.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String key = decode(eq < 0 ? pair : pair.substring(0, eq));
            String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
            params.put(key, value);
        }
        return params;
    }

    private static String decode(String s) {
        return URLDecoder.decode(s, StandardCharsets.UTF_8);
    }
}
