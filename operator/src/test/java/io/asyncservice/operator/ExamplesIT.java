package io.asyncservice.operator;

import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Each example in deploy/examples, applied to the mock API server with the operator running, becomes a Deployment
 * whose pod has the user's containers unchanged apart from the preStop hook, plus the sidecar, with no Secret value
 * anywhere in it.
 */
class ExamplesIT {

    private static MockCluster cluster;
    private static AsyncServiceOperator operator;

    @BeforeAll
    static void start() {
        cluster = MockCluster.start(0);
        operator = cluster.startOperator(MockCluster.operatorConfig());
    }

    @AfterAll
    static void stop() {
        operator.close();
        cluster.close();
    }

    static java.util.List<String> files() {
        return Example.files();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("files")
    void theExampleReconcilesIntoADeploymentWithTheSidecar(String file) {
        String namespace = "example-" + file.replace(".yaml", "");
        Example example = Example.load(file, namespace);
        KubernetesClient client = cluster.client();
        example.secrets().forEach(s -> client.resource(s).create());
        client.resource(example.asyncService()).create();

        Deployment deployment = await().atMost(Duration.ofSeconds(15)).until(() -> client.apps().deployments()
                .inNamespace(namespace).withName(example.asyncService().getMetadata().getName()).get(), d -> d != null);

        example.assertRendered(deployment);
    }
}
