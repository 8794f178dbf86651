package io.asyncservice.operator.dev;

import static org.assertj.core.api.Assertions.assertThat;

import io.asyncservice.operator.Example;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The README's run command does what it says: a Deployment with the sidecar, rendered from the SQS example. */
class DevOperatorIT {

    @Test
    void theDevRunPrintsTheRenderedDeploymentOfTheSqsExample() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8)) {
            DevOperator.run(Example.DIRECTORY.resolve("sqs.yaml"), true, out);
        }
        String printed = bytes.toString(StandardCharsets.UTF_8);

        assertThat(printed)
                .contains("# The Deployment the operator rendered:")
                .contains("kind: \"Deployment\"")
                .contains("name: \"asyncservice-sidecar\"")
                .contains("path: \"/drain\"")
                .contains("reason: \"SpecValid\"")
                .doesNotContain("example-secret-access-key-change-me");
    }
}
