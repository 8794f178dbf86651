package io.asyncservice.api.v1alpha1;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.yaml.snakeyaml.Yaml;

/** The committed CRD's CEL rules and required fields, evaluated with the real CEL library against valid and invalid objects. */
class CrdValidationTest {

    private static final CrdSchemaValidator VALIDATOR = new CrdSchemaValidator(GeneratedCrd.committedSchema());

    private static final String APP = """
            template:
              spec:
                containers:
                  - name: app
                    image: ghcr.io/acme/summarizer:1.4
            endpoint: {port: 8000, path: /summarize}
            """;
    private static final String SQS_INPUT = "input: {sqs: {queueUrl: 'https://sqs.eu-west-1.amazonaws.com/1/jobs'}}\n";

    @Test
    void everyRuleCompiles() {
        assertThat(VALIDATOR.rules()).isNotEmpty();
        VALIDATOR.rules().forEach(rule -> assertThatCode(() -> CrdSchemaValidator.compile(rule)).doesNotThrowAnyException());
    }

    static Stream<Arguments> validSpecs() {
        return Stream.of(
                Arguments.of("sqs input, defaults", APP + SQS_INPUT),
                Arguments.of("fixed replicas", APP + SQS_INPUT + "replicas: 3\n"),
                Arguments.of("autoscaling with min = max", APP + SQS_INPUT + "autoscaling: {minReplicas: 2, maxReplicas: 2}\n"),
                Arguments.of("autoscaling with only min, under the default max", APP + SQS_INPUT + "autoscaling: {minReplicas: 4}\n"),
                Arguments.of("autoscaling on a backlog per replica", APP + SQS_INPUT + "autoscaling: {targetBacklogPerReplica: 20}\n"),
                Arguments.of("autoscaling on a drain time", APP + SQS_INPUT + "autoscaling: {targetDrainTime: 10m, drainRateWindow: 5m}\n"),
                Arguments.of("kafka input with an output", APP + """
                        input: {kafka: {bootstrapServers: 'k:9092', topic: in, consumerGroup: g}}
                        output: {kafka: {bootstrapServers: 'k:9092', topic: out}}
                        """),
                Arguments.of("nats in and out", APP + """
                        input: {nats: {servers: ['nats://n:4222'], stream: JOBS, consumer: worker}}
                        output: {nats: {servers: ['nats://n:4222'], stream: RESULTS, subject: results.done}}
                        """),
                Arguments.of("sqs input read with the operator's identity, by opt-in", APP
                        + "input: {sqs: {queueUrl: 'https://sqs.eu-west-1.amazonaws.com/1/jobs', identityOwner: operator}}\n"),
                Arguments.of("sqs input with a Secret and identityOwner: service", APP
                        + "input: {sqs: {queueUrl: 'https://sqs.eu-west-1.amazonaws.com/1/jobs', credentialsSecret: aws, "
                        + "identityOwner: service}}\n"),
                Arguments.of("amqp with dead letter on sqs", APP + """
                        input: {amqp: {uriSecret: {name: rabbit}, queue: jobs}}
                        deadLetter: {sqs: {queueUrl: 'https://sqs.eu-west-1.amazonaws.com/1/dlq'}}
                        """));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("validSpecs")
    void acceptsValidSpecs(String description, String spec) {
        assertThat(VALIDATOR.validate(object(spec))).isEmpty();
    }

    static Stream<Arguments> invalidSpecs() {
        return Stream.of(
                Arguments.of("no input", APP,
                        "spec.input: Required value"),
                Arguments.of("two input kinds", APP + """
                        input:
                          sqs: {queueUrl: 'https://sqs.eu-west-1.amazonaws.com/1/jobs'}
                          amqp: {uriSecret: {name: rabbit}, queue: jobs}
                        """,
                        "spec.input: set exactly one broker kind: " + BrokerKind.ONE_OF),
                Arguments.of("an empty input", APP + "input: {}\n",
                        "spec.input: set exactly one broker kind: " + BrokerKind.ONE_OF),
                Arguments.of("two output kinds", APP + SQS_INPUT + """
                        output:
                          sqs: {queueUrl: 'https://sqs.eu-west-1.amazonaws.com/1/out'}
                          nats: {servers: ['nats://n:4222'], stream: S, subject: s}
                        """,
                        "spec.output: set exactly one broker kind: " + BrokerKind.ONE_OF),
                Arguments.of("an empty dead letter", APP + SQS_INPUT + "deadLetter: {}\n",
                        "spec.deadLetter: set exactly one broker kind: " + BrokerKind.ONE_OF),
                Arguments.of("min > max", APP + SQS_INPUT + "autoscaling: {minReplicas: 5, maxReplicas: 2}\n",
                        "spec.autoscaling: minReplicas must not be greater than maxReplicas"),
                Arguments.of("min above the default max", APP + SQS_INPUT + "autoscaling: {minReplicas: 11}\n",
                        "spec.autoscaling: minReplicas must not be greater than maxReplicas"),
                Arguments.of("both targets", APP + SQS_INPUT + "autoscaling: {targetBacklogPerReplica: 20, targetDrainTime: 10m}\n",
                        "spec.autoscaling: set either targetBacklogPerReplica or targetDrainTime, not both"),
                Arguments.of("fallback > max", APP + SQS_INPUT + "autoscaling: {maxReplicas: 3, fallbackReplicas: 4}\n",
                        "spec.autoscaling: fallbackReplicas must not be greater than maxReplicas"),
                Arguments.of("replicas and autoscaling", APP + SQS_INPUT + "replicas: 2\nautoscaling: {maxReplicas: 4}\n",
                        "spec: set either replicas or autoscaling, not both: with autoscaling the scaler owns the replica count"),
                Arguments.of("kafka input without a consumer group", APP + """
                        input: {kafka: {bootstrapServers: 'k:9092', topic: in}}
                        output: {kafka: {bootstrapServers: 'k:9092', topic: out}}
                        """,
                        "spec: input.kafka.consumerGroup is required: the sidecars of one AsyncService share one consumer group"),
                Arguments.of("kafka input with nowhere for failures", APP + """
                        input: {kafka: {bootstrapServers: 'k:9092', topic: in, consumerGroup: g}}
                        """,
                        "spec: a Kafka input needs an output or a deadLetter: Kafka has no dead-letter policy of its own, "
                                + "so failed messages need somewhere to go"),
                Arguments.of("nats input without a consumer", APP + """
                        input: {nats: {servers: ['nats://n:4222'], stream: JOBS}}
                        """,
                        "spec: input.nats.consumer is required: the durable JetStream consumer the sidecars pull from"),
                Arguments.of("nats output without a subject", APP + SQS_INPUT + """
                        output: {nats: {servers: ['nats://n:4222'], stream: RESULTS}}
                        """,
                        "spec: output.nats.subject is required: the subject the sidecar publishes results to"),
                Arguments.of("nats dead letter without a subject", APP + SQS_INPUT + """
                        deadLetter: {nats: {servers: ['nats://n:4222'], stream: DLQ}}
                        """,
                        "spec: deadLetter.nats.subject is required: the subject the sidecar publishes failed messages to"),
                Arguments.of("sqs input with both a Secret and identityOwner: operator", APP
                        + "input: {sqs: {queueUrl: 'https://sqs.eu-west-1.amazonaws.com/1/jobs', credentialsSecret: aws, "
                        + "identityOwner: operator}}\n",
                        "spec.input.sqs: set credentialsSecret or identityOwner: operator, not both: with identityOwner: "
                                + "operator the scaler reads the backlog as the operator's own AWS identity and would ignore the Secret"),
                Arguments.of("identityOwner on an sqs output", APP + SQS_INPUT
                        + "output: {sqs: {queueUrl: 'https://sqs.eu-west-1.amazonaws.com/1/out', identityOwner: operator}}\n",
                        "spec: output.sqs.identityOwner is for the input only: the scaler reads only the input's backlog, "
                                + "and the sidecar always uses the pod's own credentials"),
                Arguments.of("identityOwner on an sqs dead letter", APP + SQS_INPUT
                        + "deadLetter: {sqs: {queueUrl: 'https://sqs.eu-west-1.amazonaws.com/1/dlq', identityOwner: service}}\n",
                        "spec: deadLetter.sqs.identityOwner is for the input only: the scaler reads only the input's backlog, "
                                + "and the sidecar always uses the pod's own credentials"),
                Arguments.of("sqs without a queue url", APP + "input: {sqs: {region: eu-west-1}}\n",
                        "spec.input.sqs.queueUrl: Required value"),
                Arguments.of("no endpoint port", """
                        template: {spec: {containers: [{name: app, image: app}]}}
                        endpoint: {path: /x}
                        """ + SQS_INPUT,
                        "spec.endpoint.port: Required value"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalidSpecs")
    void rejectsInvalidSpecsWithReadableMessages(String description, String spec, String expectedError) {
        assertThat(VALIDATOR.validate(object(spec))).containsExactly(expectedError);
    }

    private static Map<String, Object> object(String specYaml) {
        Map<String, Object> spec = new Yaml().load(specYaml);
        return Map.of("apiVersion", "asyncservice.io/v1alpha1", "kind", "AsyncService", "spec", spec);
    }
}
