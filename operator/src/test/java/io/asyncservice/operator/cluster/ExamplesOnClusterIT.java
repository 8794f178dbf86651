package io.asyncservice.operator.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.awaitility.Awaitility.await;

import io.asyncservice.operator.Example;
import io.asyncservice.operator.model.Names;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Each example in deploy/examples, applied with {@code kubectl apply -f} as its header says, becomes a Deployment that
 * the real API server accepts (it validates the whole pod template, unlike the mock) and whose pods the ReplicaSet
 * controller creates and the API server admits, with the user's containers plus the sidecar and no Secret value
 * anywhere in it.
 */
class ExamplesOnClusterIT {

    private static RealCluster cluster;
    private static RealCluster.RunningOperator operator;

    @BeforeAll
    static void startOperator() {
        cluster = RealCluster.shared();
        operator = cluster.startOperator();
    }

    @AfterAll
    static void stopOperator() {
        if (operator != null) {
            operator.close();
        }
    }

    static List<String> files() {
        return Example.files();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("files")
    void theExampleRunsAsADeploymentTheApiServerAccepts(String file) {
        try (TestNamespace ns = TestNamespace.create(cluster, "asvc-example")) {
            Example example = Example.load(file, ns.name());
            String name = example.asyncService().getMetadata().getName();

            Kubectl.Result applied = ns.kubectl("apply", "-f", Example.DIRECTORY.resolve(file).toString());

            assertThat(applied.ok()).as(applied.toString()).isTrue();
            Deployment deployment = ns.awaitDeployment(name, d -> d.getStatus() != null
                    && d.getStatus().getObservedGeneration() != null);
            ns.awaitCondition(name, "Valid", "True");
            List<Container> written = example.asyncService().getSpec().getTemplate().getSpec().getContainers();
            List<Container> pod = deployment.getSpec().getTemplate().getSpec().getContainers();
            assertThat(pod.subList(0, written.size())).extracting(Container::getName, Container::getImage)
                    .containsExactlyElementsOf(written.stream().map(c -> tuple(
                            c.getName(), c.getImage())).toList());
            assertThat(Stream.concat(pod.stream(), deployment.getSpec().getTemplate().getSpec().getInitContainers()
                    .stream())).filteredOn(c -> Names.SIDECAR_CONTAINER.equals(c.getName())).hasSize(1);
            String yaml = Serialization.asYaml(deployment);
            for (Secret secret : example.secrets()) {
                assertThat(values(secret)).allSatisfy(v -> assertThat(yaml).doesNotContain(v));
            }
            int replicas = deployment.getSpec().getReplicas();
            await().atMost(TestNamespace.TIMEOUT).until(() -> ns.client().pods().inNamespace(ns.name())
                    .withLabel(Names.LABEL_ASYNC_SERVICE, name).list().getItems().size() == replicas);
        }
    }

    private static List<String> values(Secret secret) {
        List<String> values = new ArrayList<>();
        if (secret.getStringData() != null) {
            values.addAll(secret.getStringData().values());
        }
        if (secret.getData() != null) {
            secret.getData().values().forEach(v -> values.add(new String(Base64.getDecoder().decode(v),
                    StandardCharsets.UTF_8)));
        }
        values.addAll(values.stream().map(v -> Base64.getEncoder().encodeToString(v.getBytes(StandardCharsets.UTF_8)))
                .toList());
        return values;
    }
}
