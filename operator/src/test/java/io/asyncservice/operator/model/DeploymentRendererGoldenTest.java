package io.asyncservice.operator.model;

import static org.assertj.core.api.Assertions.assertThat;

import io.asyncservice.api.v1alpha1.AsyncService;
import io.asyncservice.operator.TestFixtures;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.BiFunction;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The rendered Deployment for each broker kind, compared with the YAML files next to this class under
 * src/test/resources. After an intended change, regenerate them with
 * {@code ./mvnw -B -pl crds,operator test -Dtest=DeploymentRendererGoldenTest -Dgolden.update=true} and review the
 * diff; without that property any difference fails the test.
 */
class DeploymentRendererGoldenTest {

    private static final String UPDATE_PROPERTY = "golden.update";
    private static final Path SOURCE_DIR = Path.of("src/test/resources/io/asyncservice/operator/model");

    static Stream<Arguments> brokerKinds() {
        return Stream.of(
                Arguments.of("sqs", (BiFunction<String, String, AsyncService>) TestFixtures::sqs),
                Arguments.of("kafka", (BiFunction<String, String, AsyncService>) TestFixtures::kafka),
                Arguments.of("nats", (BiFunction<String, String, AsyncService>) TestFixtures::nats),
                Arguments.of("amqp", (BiFunction<String, String, AsyncService>) TestFixtures::amqp));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("brokerKinds")
    void renderedDeploymentMatchesGoldenFile(String kind, BiFunction<String, String, AsyncService> fixture)
            throws IOException {
        AsyncService asvc = fixture.apply(TestFixtures.NAMESPACE, "summarizer");
        Deployment deployment = DeploymentRenderer
                .fromCrd(asvc, TestFixtures.SIDECAR_DEFAULTS, TestFixtures.secretsFor(asvc), null,
                        TestFixtures.DRAIN_TOKEN)
                .generateDeployment();
        String actual = Serialization.asYaml(deployment);
        String file = "deployment-" + kind + ".yaml";

        if (Boolean.getBoolean(UPDATE_PROPERTY)) {
            Files.createDirectories(SOURCE_DIR);
            Files.writeString(SOURCE_DIR.resolve(file), actual, StandardCharsets.UTF_8);
        }
        assertThat(actual)
                .as("rendered %s Deployment differs from %s; if the change is intended, rerun with -D%s=true",
                        kind, file, UPDATE_PROPERTY)
                .isEqualTo(golden(file));
    }

    private static String golden(String file) throws IOException {
        if (Boolean.getBoolean(UPDATE_PROPERTY)) {
            return Files.readString(SOURCE_DIR.resolve(file), StandardCharsets.UTF_8);
        }
        try (InputStream in = DeploymentRendererGoldenTest.class.getResourceAsStream(file)) {
            assertThat(in).as("golden file %s; create it with -D%s=true", file, UPDATE_PROPERTY).isNotNull();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
