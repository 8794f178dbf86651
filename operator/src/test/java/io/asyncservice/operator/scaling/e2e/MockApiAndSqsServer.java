package io.asyncservice.operator.scaling.e2e;

import io.asyncservice.api.v1alpha1.AsyncService;
import io.asyncservice.testing.EmbeddedSqs;
import io.fabric8.kubernetes.client.dsl.base.CustomResourceDefinitionContext;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import java.net.InetAddress;
import java.util.HashMap;
import java.util.List;

/**
 * The mock API server and ElasticMQ in a process of their own, so that a measurement of the operator's CPU counts
 * only the operator. Prints {@code READY <apiPort> <sqsPort>} and runs until its standard input closes.
 */
public final class MockApiAndSqsServer {

    private MockApiAndSqsServer() {
    }

    public static void main(String[] args) throws Exception {
        java.util.logging.Logger.getLogger("io.fabric8.mockwebserver").setLevel(java.util.logging.Level.WARNING);
        KubernetesMockServer api = new KubernetesMockServer(new Context(), new MockWebServer(), new HashMap<>(),
                new KubernetesCrudDispatcher(List.of(CustomResourceDefinitionContext.fromCustomResourceType(AsyncService.class))), false);
        api.init(InetAddress.getLoopbackAddress(), 0);
        EmbeddedSqs sqs = EmbeddedSqs.start();
        System.out.println("READY " + api.getPort() + " " + sqs.endpoint().substring(sqs.endpoint().lastIndexOf(':') + 1));
        System.out.flush();
        while (System.in.read() >= 0) {
            // run until the parent closes our input
        }
        sqs.close();
        api.destroy();
    }
}
