package io.asyncservice.sandbox.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.dsl.base.CustomResourceDefinitionContext;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The sandbox's Kubernetes API: the fabric8 mock server in CRUD mode on 127.0.0.1, plain http, behind a
 * {@link KubectlCompatibleDispatcher} so that kubectl works against it. It has no authentication, no admission,
 * no validation against schemas and no garbage collector: it stores what it is sent.
 *
 * <p>The apps/v1 workloads are registered with a status subresource, as on a real server, so that a client
 * writing a Deployment's spec does not wipe the status that the pod runner reports.
 */
public final class SandboxApiServer implements AutoCloseable {

    public static final String ASYNC_SERVICE_CRD = "META-INF/fabric8/asyncservices.asyncservice.io-v1.yml";
    public static final String DEFAULT_NAMESPACE = "default";
    private static final Logger LOG = LoggerFactory.getLogger(SandboxApiServer.class);
    /** The mock web server logs every request through java.util.logging at INFO; held here so the level sticks. */
    private static final java.util.logging.Logger MOCK_WEB_SERVER_LOG =
            java.util.logging.Logger.getLogger("io.fabric8.mockwebserver");

    private final KubernetesMockServer server;
    private final KubectlCompatibleDispatcher dispatcher;
    private final String url;

    private SandboxApiServer(KubernetesMockServer server, KubectlCompatibleDispatcher dispatcher, String url) {
        this.server = server;
        this.dispatcher = dispatcher;
        this.url = url;
    }

    /** Starts the API on 127.0.0.1:{@code port} (0 picks a free port), with namespace {@code default}. */
    public static SandboxApiServer start(int port) {
        MOCK_WEB_SERVER_LOG.setLevel(java.util.logging.Level.WARNING);
        ObjectMapper mapper = Serialization.jsonMapper();
        KubernetesCrudDispatcher crud = new KubernetesCrudDispatcher();
        for (String plural : List.of("deployments", "replicasets", "statefulsets")) {
            crud.expectCustomResource(new CustomResourceDefinitionContext.Builder()
                    .withGroup("apps").withVersion("v1").withPlural(plural).withScope("Namespaced")
                    .withKind(kindOf(plural)).withStatusSubresource(true).build());
        }
        KubectlCompatibleDispatcher dispatcher = new KubectlCompatibleDispatcher(crud, mapper, Instant::now);
        KubernetesMockServer server = new KubernetesMockServer(new Context(mapper), new MockWebServer(), new HashMap<>(),
                dispatcher, false);
        try {
            server.init(InetAddress.getByName("127.0.0.1"), port);
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
        String hostAndPort = "127.0.0.1:" + server.getPort();
        dispatcher.serverAddress(hostAndPort);
        SandboxApiServer api = new SandboxApiServer(server, dispatcher, "http://" + hostAndPort);
        try (KubernetesClient client = api.newClient()) {
            client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(DEFAULT_NAMESPACE)
                    .endMetadata().withNewStatus().withPhase("Active").endStatus().build()).create();
        }
        LOG.info("Sandbox Kubernetes API (fabric8 mock server, CRUD mode) listening on {}", api.url());
        return api;
    }

    /** The base URL, e.g. {@code http://127.0.0.1:40123}. */
    public String url() {
        return url;
    }

    public int port() {
        return server.getPort();
    }

    /** A plain fabric8 client for this API, namespace {@code default}; close it when done. */
    public KubernetesClient newClient() {
        return new KubernetesClientBuilder().withConfig(clientConfig()).build();
    }

    /** A client configuration for this API, e.g. for an operator started in this JVM. */
    public Config clientConfig() {
        return new ConfigBuilder(Config.empty())
                .withMasterUrl(url)
                .withNamespace(DEFAULT_NAMESPACE)
                // The mock server (vert.x) sometimes never answers a request that came with an h2c upgrade.
                .withHttp2Disable(true)
                .withRequestRetryBackoffLimit(3)
                .build();
    }

    /** Where {@code kubectl logs} reads container output from, e.g. the pod runner. */
    public void servePodLogs(PodLogs logs) {
        dispatcher.podLogs(logs);
    }

    /** Writes a kubeconfig for kubectl and returns its path. */
    public Path writeKubeconfig(Path file) {
        return Kubeconfig.write(file, url, DEFAULT_NAMESPACE);
    }

    /** Stores a CRD, so its resources appear in discovery and get its printer columns and subresources. */
    public CustomResourceDefinition installCrd(CustomResourceDefinition crd) {
        try (KubernetesClient client = newClient()) {
            return client.apiextensions().v1().customResourceDefinitions().resource(crd).create();
        }
    }

    /** Stores the AsyncService CRD from the crds module's jar. */
    public CustomResourceDefinition installAsyncServiceCrd() {
        return installCrd(crdFromClasspath(ASYNC_SERVICE_CRD));
    }

    public static CustomResourceDefinition crdFromClasspath(String resource) {
        try (InputStream in = SandboxApiServer.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException(resource + " is not on the classpath; build the crds module first");
            }
            return Serialization.unmarshal(in, CustomResourceDefinition.class);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String kindOf(String plural) {
        return switch (plural) {
            case "deployments" -> "Deployment";
            case "replicasets" -> "ReplicaSet";
            default -> "StatefulSet";
        };
    }

    @Override
    public void close() {
        server.destroy();
    }
}
