package io.asyncservice.sandbox.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.mockwebserver.dsl.HttpMethod;
import io.fabric8.mockwebserver.http.Dispatcher;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The fabric8 CRUD dispatcher with what kubectl needs in front of it: discovery, server-side printing (Tables),
 * strategic and RFC 7386 merge patches, the {@code /scale} subresource, field selectors beyond
 * {@code metadata.*}, and {@code Status} bodies for 404s. Everything else, including the watches that informers
 * use, goes to the CRUD dispatcher unchanged.
 *
 * <p>Writes are serialised here, so a patch that this class reads, merges and writes back cannot interleave with
 * another write.
 */
public final class KubectlCompatibleDispatcher extends Dispatcher {

    private static final Logger LOG = LoggerFactory.getLogger(KubectlCompatibleDispatcher.class);
    private static final Pattern GROUP_PATH = Pattern.compile("/apis/([^/]+)");
    private static final Pattern GROUP_VERSION_PATH = Pattern.compile("/apis/([^/]+)/([^/]+)");
    private static final Pattern AGGREGATED = Pattern.compile("g=apidiscovery\\.k8s\\.io;v=(v2|v2beta1);as=APIGroupDiscoveryList");

    private final ObjectMapper mapper;
    private final CrudStore store;
    private final ApiCatalog catalog;
    private final DiscoveryDocuments discovery;
    private final OpenApiDocuments openApi;
    private final StatusResponses statuses;
    private final PatchTranslator patches;
    private final ScaleSubresource scale;
    private final TableRenderer tables;
    private final Object writeLock = new Object();
    private volatile String serverAddress = "127.0.0.1:0";
    private volatile PodLogs podLogs = PodLogs.none();

    public KubectlCompatibleDispatcher(KubernetesCrudDispatcher crud, ObjectMapper mapper, Supplier<Instant> clock) {
        this.mapper = mapper;
        this.store = new CrudStore(crud, mapper);
        this.catalog = new ApiCatalog(new StoredCrds(store, mapper));
        this.discovery = new DiscoveryDocuments(mapper, catalog);
        this.openApi = new OpenApiDocuments(mapper, catalog);
        this.statuses = new StatusResponses(mapper);
        this.patches = new PatchTranslator(store, statuses);
        this.scale = new ScaleSubresource(mapper, store, catalog, statuses);
        this.tables = new TableRenderer(mapper, catalog, clock);
    }

    /** The host:port that {@code /api} reports to clients. */
    public void serverAddress(String hostAndPort) {
        this.serverAddress = hostAndPort;
    }

    /** Where {@code kubectl logs} reads from. */
    public void podLogs(PodLogs logs) {
        this.podLogs = logs;
    }

    public ApiCatalog catalog() {
        return catalog;
    }

    @Override
    public MockResponse dispatch(RecordedRequest request) {
        HttpMethod method = request.method();
        String rawPath = request.getPath();
        String body = request.getBody() == null ? "" : request.getBody().readUtf8();
        String contentType = request.getHeader("Content-Type");
        try {
            MockResponse response = route(method, rawPath, request.getHeader("Accept"), contentType, body);
            LOG.debug("{} {} -> {}", method, rawPath, response.code());
            return response;
        } catch (RuntimeException e) {
            LOG.warn("{} {} failed", method, rawPath, e);
            return statuses.error(500, "InternalError", e.toString());
        }
    }

    private MockResponse route(HttpMethod method, String rawPath, String accept, String contentType, String body) {
        String path = rawPath.contains("?") ? rawPath.substring(0, rawPath.indexOf('?')) : rawPath;
        if (method == HttpMethod.GET) {
            Optional<MockResponse> discovered = discovery(path, accept);
            if (discovered.isPresent()) {
                return discovered.get();
            }
        }
        Optional<ApiPath> parsed = ApiPath.parse(rawPath);
        if (parsed.isEmpty()) {
            return method == HttpMethod.GET && path.startsWith("/openapi")
                    ? openApi(path)
                    : forward(method, rawPath, contentType, body);
        }
        ApiPath api = parsed.get();
        Optional<ApiResource> resource = catalog.find(api.group(), api.version(), api.plural());
        if ("log".equals(api.subresource()) && api.plural().equals("pods") && method == HttpMethod.GET) {
            return logs(api);
        }
        if ("scale".equals(api.subresource())) {
            synchronized (writeLock) {
                return scale.handle(api, method, contentType, body);
            }
        }
        if (method == HttpMethod.PATCH && PatchTranslator.handles(contentType)) {
            synchronized (writeLock) {
                return notFoundAsStatus(api, patches.patch(api, rawPath, contentType, body));
            }
        }
        if (method == HttpMethod.GET && !"true".equals(api.query().get("watch"))) {
            return read(api, rawPath, resource, accept);
        }
        String stored = body;
        if ((method == HttpMethod.POST || method == HttpMethod.PUT) && SecretData.applies(api) && !body.isBlank()) {
            stored = store.write(SecretData.normalize(store.parse(body)));
        }
        return notFoundAsStatus(api, forward(method, rawPath, contentType, stored));
    }

    private MockResponse read(ApiPath api, String rawPath, Optional<ApiResource> resource, String accept) {
        FieldSelectorFilter fieldSelector = FieldSelectorFilter.of(api);
        MockResponse response = store.get(fieldSelector.needed() ? fieldSelector.mockPath(api) : rawPath);
        if (response.code() != 200) {
            return notFoundAsStatus(api, response);
        }
        JsonNode body = store.parse(CrudStore.bodyOf(response));
        if (fieldSelector.needed()) {
            body = fieldSelector.filter(body);
        }
        if (api.isCollection() && resource.isPresent() && body.isObject()) {
            // The mock answers every list as kind "List"; typed clients such as kubectl describe's want e.g. EventList.
            ((ObjectNode) body).put("kind", resource.get().kind() + "List");
            ((ObjectNode) body).put("apiVersion", resource.get().groupVersion());
        }
        if (TableRenderer.wanted(accept) && resource.isPresent()) {
            ObjectNode table = tables.render(api, resource.get(), body, api.query().get("includeObject"));
            return json(200, table, TableRenderer.TABLE_CONTENT_TYPE);
        }
        return json(200, body, "application/json");
    }

    /** {@code GET .../pods/<name>/log}: the whole log, or its last {@code tailLines}; {@code follow} is not supported. */
    private MockResponse logs(ApiPath api) {
        Optional<JsonNode> pod = store.read(api.objectPath());
        if (pod.isEmpty()) {
            return statuses.notFound(api);
        }
        String container = api.query().get("container");
        if (container == null || container.isEmpty()) {
            container = pod.get().at("/spec/containers/0/name").asText();
        }
        Optional<String> text = podLogs.read(api.namespace(), api.name(), container);
        if (text.isEmpty()) {
            return statuses.error(400, "BadRequest", "container \"" + container + "\" in pod \"" + api.name()
                    + "\" is not running on this sandbox");
        }
        String log = text.get();
        String tail = api.query().get("tailLines");
        if (tail != null && !tail.isEmpty()) {
            List<String> lines = log.lines().toList();
            int keep = Math.max(0, Integer.parseInt(tail));
            log = String.join("\n", lines.subList(Math.max(0, lines.size() - keep), lines.size())) + "\n";
        }
        return new MockResponse().setResponseCode(200).setHeader("Content-Type", "text/plain").setBody(log);
    }

    private MockResponse openApi(String path) {
        if (path.equals(OpenApiDocuments.ROOT)) {
            return json(200, openApi.root(), "application/json");
        }
        return openApi.groupVersion(path)
                .map(doc -> json(200, doc, "application/json"))
                .orElseGet(() -> statuses.error(404, "NotFound", "the sandbox API serves no OpenAPI document at " + path));
    }

    private MockResponse forward(HttpMethod method, String rawPath, String contentType, String body) {
        if (method == HttpMethod.GET) {
            return store.request(method, rawPath, contentType, body);
        }
        synchronized (writeLock) {
            return store.request(method, rawPath, contentType, body);
        }
    }

    private MockResponse notFoundAsStatus(ApiPath api, MockResponse response) {
        if (response.code() == 404 && CrudStore.bodyOf(response).isBlank()) {
            return statuses.notFound(api);
        }
        return response;
    }

    private Optional<MockResponse> discovery(String path, String accept) {
        String aggregatedVersion = aggregatedVersion(accept);
        switch (path) {
            case "/version":
                return Optional.of(json(200, discovery.version(), "application/json"));
            case "/", "":
                return Optional.of(json(200, rootPaths(), "application/json"));
            case "/api":
                return Optional.of(aggregatedVersion != null
                        ? json(200, discovery.aggregated(true, aggregatedVersion),
                                DiscoveryDocuments.AGGREGATED_CONTENT_TYPE.formatted(aggregatedVersion))
                        : json(200, discovery.coreVersions(serverAddress), "application/json"));
            case "/apis":
                return Optional.of(aggregatedVersion != null
                        ? json(200, discovery.aggregated(false, aggregatedVersion),
                                DiscoveryDocuments.AGGREGATED_CONTENT_TYPE.formatted(aggregatedVersion))
                        : json(200, discovery.groupList(), "application/json"));
            case "/api/v1":
                return discovery.resourceList("", "v1").map(d -> json(200, d, "application/json"));
            default:
                break;
        }
        Matcher groupVersion = GROUP_VERSION_PATH.matcher(path);
        if (groupVersion.matches()) {
            return Optional.of(discovery.resourceList(groupVersion.group(1), groupVersion.group(2))
                    .map(d -> json(200, d, "application/json"))
                    .orElseGet(() -> statuses.error(404, "NotFound", "the server could not find the requested resource")));
        }
        Matcher group = GROUP_PATH.matcher(path);
        if (group.matches()) {
            return Optional.of(discovery.group(group.group(1))
                    .map(d -> json(200, d, "application/json"))
                    .orElseGet(() -> statuses.error(404, "NotFound", "the server could not find the requested resource")));
        }
        return Optional.empty();
    }

    private static String aggregatedVersion(String accept) {
        if (accept == null) {
            return null;
        }
        Matcher m = AGGREGATED.matcher(accept.replace(" ", ""));
        return m.find() ? m.group(1) : null;
    }

    private ObjectNode rootPaths() {
        ObjectNode root = mapper.createObjectNode();
        ArrayNode paths = root.putArray("paths");
        paths.add("/api").add("/api/v1").add("/apis");
        catalog.byGroupAndVersion().forEach((group, versions) -> {
            if (!group.isEmpty()) {
                paths.add("/apis/" + group);
                versions.keySet().forEach(v -> paths.add("/apis/" + group + "/" + v));
            }
        });
        paths.add("/version");
        return root;
    }

    private MockResponse json(int code, JsonNode body, String contentType) {
        return new MockResponse().setResponseCode(code).setHeader("Content-Type", contentType).setBody(body.toString());
    }

    /** The CRDs stored in the API, read for each discovery or table request (there are only a few). */
    private record StoredCrds(CrudStore store, ObjectMapper mapper)
            implements Supplier<List<io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition>> {

        @Override
        public List<io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition> get() {
            return store.read("/apis/apiextensions.k8s.io/v1/customresourcedefinitions")
                    .map(list -> {
                        try {
                            return List.of(mapper.treeToValue(list.path("items"),
                                    io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition[].class));
                        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                            throw new IllegalStateException("a stored CRD cannot be read", e);
                        }
                    })
                    .orElse(List.of());
        }
    }
}
