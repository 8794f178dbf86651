package io.asyncservice.operator;

import io.asyncservice.api.v1alpha1.AsyncService;
import io.asyncservice.operator.config.OperatorConfig;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.CustomResourceDefinitionContext;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import java.net.InetAddress;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A fabric8 mock API server in CRUD mode on 127.0.0.1, with a client for it. It stores and watches objects like an
 * API server but runs no controllers: no garbage collection, no pods, no Deployment status. It cannot do
 * server-side apply, so the operator runs on it with SSA off.
 */
public final class MockCluster implements AutoCloseable {

    /** The mock logs every request through java.util.logging; kept referenced so the level sticks. */
    private static final java.util.logging.Logger MOCK_LOG = java.util.logging.Logger.getLogger("io.fabric8.mockwebserver");

    static {
        MOCK_LOG.setLevel(java.util.logging.Level.WARNING);
    }

    private final KubernetesMockServer server;
    private final KubernetesClient client;

    private MockCluster(KubernetesMockServer server) {
        this.server = server;
        this.client = server.createClient();
    }

    /** Starts the server on {@code port}; 0 picks a free port. */
    public static MockCluster start(int port) {
        KubernetesCrudDispatcher dispatcher = new KubernetesCrudDispatcher(
                List.of(CustomResourceDefinitionContext.fromCustomResourceType(AsyncService.class)));
        KubernetesMockServer server = new KubernetesMockServer(new Context(), new MockWebServer(), new HashMap<>(),
                dispatcher, false);
        server.init(InetAddress.getLoopbackAddress(), port);
        return new MockCluster(server);
    }

    public KubernetesClient client() {
        return client;
    }

    /** The API server's URL, e.g. for kubectl --server. */
    public String url() {
        return client.getMasterUrl().toString();
    }

    /** The production configuration, but without server-side apply, which the mock cannot do. */
    public static OperatorConfig operatorConfig() {
        return OperatorConfig.fromEnv(Map.of()).withServerSideApply(false).withHttp("127.0.0.1", 0);
    }

    /** Starts the operator against this server, wired exactly as {@link Main} wires it. */
    public AsyncServiceOperator startOperator(OperatorConfig config) {
        return AsyncServiceOperator.start(config, client);
    }

    @Override
    public void close() {
        client.close();
        server.destroy();
    }
}
