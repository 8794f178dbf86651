package io.asyncservice.operator.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.asyncservice.api.v1alpha1.BrokerKind;
import io.asyncservice.operator.Example;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The API server itself refuses an invalid AsyncService, with the committed CRD's schema and CEL rules, before any
 * operator sees it: {@code kubectl apply} fails with a message that says what to fix, and nothing is stored. No
 * operator runs here.
 */
class CrdValidationIT {

    /** A valid AsyncService; each case changes one thing in it. */
    private static final String VALID = """
            apiVersion: asyncservice.io/v1alpha1
            kind: AsyncService
            metadata:
              name: ocr
            spec:
            %s
              template:
                spec:
                  containers:
                    - name: app
                      image: ghcr.io/acme/ocr:1.0
                      ports:
                        - containerPort: 8000
              endpoint:
                port: 8000
                path: /ocr
            %s
            """;
    private static final String SQS_INPUT = """
              input:
                sqs:
                  queueUrl: https://sqs.eu-west-1.amazonaws.com/123456789012/ocr-jobs
            """;

    private static RealCluster cluster;
    private static TestNamespace ns;

    @BeforeAll
    static void namespace() {
        cluster = RealCluster.shared();
        ns = TestNamespace.create(cluster, "asvc-crd");
    }

    @AfterAll
    static void deleteNamespace() {
        if (ns != null) {
            ns.close();
        }
    }

    static Stream<Arguments> invalidAsyncServices() {
        return Stream.of(
                Arguments.of("no input", asvc("", ""),
                        List.of("spec.input: Required value")),
                Arguments.of("two input kinds", asvc("", """
                          input:
                            sqs:
                              queueUrl: https://sqs.eu-west-1.amazonaws.com/123456789012/ocr-jobs
                            nats:
                              servers: [nats://nats:4222]
                              stream: OCR
                              consumer: ocr
                        """),
                        List.of("spec.input", "set exactly one broker kind: " + BrokerKind.ONE_OF)),
                Arguments.of("autoscaling minReplicas > maxReplicas", asvc("""
                          autoscaling:
                            minReplicas: 5
                            maxReplicas: 2
                        """, SQS_INPUT),
                        List.of("spec.autoscaling", "minReplicas must not be greater than maxReplicas")),
                Arguments.of("autoscaling with both targetBacklogPerReplica and targetDrainTime", asvc("""
                          autoscaling:
                            targetBacklogPerReplica: 20
                            targetDrainTime: 10m
                        """, SQS_INPUT),
                        List.of("spec.autoscaling", "set either targetBacklogPerReplica or targetDrainTime, not both")),
                Arguments.of("a targetDrainTime that is not a duration", asvc("""
                          autoscaling:
                            targetDrainTime: ten minutes
                        """, SQS_INPUT),
                        List.of("spec.autoscaling.targetDrainTime", "should match '^([0-9]+(ms|s|m|h))+$'")),
                Arguments.of("a drainRateWindow that is not a duration", asvc("""
                          autoscaling:
                            targetDrainTime: 10m
                            drainRateWindow: 2 minutes
                        """, SQS_INPUT),
                        List.of("spec.autoscaling.drainRateWindow", "should match '^([0-9]+(ms|s|m|h))+$'")),
                Arguments.of("delivery.concurrency 0", asvc("""
                          delivery:
                            concurrency: 0
                        """, SQS_INPUT),
                        List.of("spec.delivery.concurrency", "should be greater than or equal to 1")),
                Arguments.of("delivery.concurrency -1", asvc("""
                          delivery:
                            concurrency: -1
                        """, SQS_INPUT),
                        List.of("spec.delivery.concurrency", "should be greater than or equal to 1")),
                Arguments.of("a malformed SQS queueUrl", asvc("", """
                          input:
                            sqs:
                              queueUrl: not a url at all
                        """),
                        List.of("spec.input.sqs.queueUrl", "should match '^https?://.+'")),
                Arguments.of("an SQS input with both a credentials Secret and identityOwner: operator", asvc("", """
                          input:
                            sqs:
                              queueUrl: https://sqs.eu-west-1.amazonaws.com/123456789012/ocr-jobs
                              credentialsSecret: aws
                              identityOwner: operator
                        """),
                        List.of("spec.input.sqs", "set credentialsSecret or identityOwner: operator, not both")),
                Arguments.of("an unknown identityOwner", asvc("", """
                          input:
                            sqs:
                              queueUrl: https://sqs.eu-west-1.amazonaws.com/123456789012/ocr-jobs
                              identityOwner: pod
                        """),
                        List.of("spec.input.sqs.identityOwner", "Unsupported value: \"pod\"")),
                Arguments.of("replicas together with autoscaling", asvc("""
                          replicas: 2
                          autoscaling:
                            maxReplicas: 4
                        """, SQS_INPUT),
                        List.of("set either replicas or autoscaling, not both")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalidAsyncServices")
    void kubectlApplyIsRefusedWithAReadableMessage(String what, String yaml, List<String> expected) {
        Kubectl.Result applied = ns.kubectlWithInput(yaml, "apply", "-f", "-");

        assertThat(applied.exitCode()).as("kubectl apply of an AsyncService with %s: %s", what, applied).isEqualTo(1);
        assertThat(applied.stderr())
                .as(what)
                .contains("The AsyncService \"ocr\" is invalid")
                .contains(expected);
        assertThat(ns.kubectl("get", "asyncservice", "ocr", "--ignore-not-found", "-o", "name").stdout())
                .as("nothing was stored").isEmpty();
    }

    @Test
    void theValidAsyncServiceTheCasesStartFromIsAccepted() {
        Kubectl.Result applied = ns.kubectlWithInput(asvc("", SQS_INPUT), "apply", "--dry-run=server", "-f", "-");

        assertThat(applied.ok()).as(applied.toString()).isTrue();
        assertThat(applied.stdout()).contains("asyncservice.asyncservice.io/ocr created (server dry run)");
    }

    @Test
    void aDrainTimeAloneIsAcceptedAndGetsNoBacklogTargetByDefault() {
        Kubectl.Result applied = ns.kubectlWithInput(asvc("""
                          autoscaling:
                            maxReplicas: 20
                            targetDrainTime: 10m
                        """, SQS_INPUT), "apply", "--dry-run=server", "-o", "jsonpath={.spec.autoscaling}", "-f", "-");

        assertThat(applied.ok()).as(applied.toString()).isTrue();
        assertThat(applied.stdout())
                .as("the defaults the API server wrote")
                .contains("\"targetDrainTime\":\"10m\"", "\"drainRateWindow\":\"2m\"")
                .doesNotContain("targetBacklogPerReplica");
    }

    @Test
    void withoutEitherTargetTheApiServerWritesNoBacklogTarget() {
        Kubectl.Result applied = ns.kubectlWithInput(asvc("""
                          autoscaling:
                            maxReplicas: 4
                        """, SQS_INPUT), "apply", "--dry-run=server", "-o", "jsonpath={.spec.autoscaling}", "-f", "-");

        assertThat(applied.ok()).as(applied.toString()).isTrue();
        assertThat(applied.stdout()).as("the operator reads a missing targetBacklogPerReplica as 10")
                .contains("\"maxReplicas\":4").doesNotContain("targetBacklogPerReplica");
    }

    @Test
    void anSqsInputMayOptIntoTheOperatorsIdentity() {
        Kubectl.Result applied = ns.kubectlWithInput(asvc("", """
                          input:
                            sqs:
                              queueUrl: https://sqs.eu-west-1.amazonaws.com/123456789012/ocr-jobs
                              identityOwner: operator
                        """), "apply", "--dry-run=server", "-f", "-");

        assertThat(applied.ok()).as(applied.toString()).isTrue();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("examples")
    void everyShippedExampleIsAccepted(String file) {
        Kubectl.Result applied = ns.kubectl("apply", "--dry-run=server", "-f", Example.DIRECTORY.resolve(file).toString());

        assertThat(applied.ok()).as("kubectl apply -f deploy/examples/%s: %s", file, applied).isTrue();
        assertThat(applied.stdout()).contains("created (server dry run)");
    }

    static List<String> examples() {
        return Example.files();
    }

    private static String asvc(String beforeTemplate, String afterEndpoint) {
        return VALID.formatted(beforeTemplate.stripTrailing(), afterEndpoint.stripTrailing());
    }
}
