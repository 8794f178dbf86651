package io.asyncservice.operator;

import static org.assertj.core.api.Assertions.assertThat;

import io.asyncservice.operator.model.DeploymentRenderer;
import io.asyncservice.operator.validation.AsyncServiceValidator;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Each example in deploy/examples is valid and renders as the issue asks, without an API server. */
class ExamplesTest {

    static java.util.List<String> files() {
        return Example.files();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("files")
    void theExampleIsValidAndRendersTheSidecarWithoutLeakingSecrets(String file) {
        Example example = Example.load(file, "examples");

        assertThat(new AsyncServiceValidator().validate(example.asyncService(), example.secretsByName()))
                .as("problems in %s", file).isEmpty();
        Deployment deployment = DeploymentRenderer.fromCrd(example.asyncService(), TestFixtures.SIDECAR_DEFAULTS,
                example.secretsByName(), null, TestFixtures.DRAIN_TOKEN).generateDeployment();
        example.assertRendered(deployment);
    }
}
