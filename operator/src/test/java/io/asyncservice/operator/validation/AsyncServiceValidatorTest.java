package io.asyncservice.operator.validation;

import static org.assertj.core.api.Assertions.assertThat;

import io.asyncservice.api.v1alpha1.AsyncService;
import io.asyncservice.api.v1alpha1.AutoscalingSpec;
import io.asyncservice.api.v1alpha1.BrokerKind;
import io.asyncservice.api.v1alpha1.BrokerSpec;
import io.asyncservice.api.v1alpha1.SqsIdentityOwner;
import io.asyncservice.api.v1alpha1.SqsSpec;
import io.asyncservice.operator.TestFixtures;
import io.asyncservice.operator.model.Names;
import io.asyncservice.operator.model.PodSelector;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPortBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.VolumeBuilder;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class AsyncServiceValidatorTest {

    private final AsyncServiceValidator validator = new AsyncServiceValidator();

    @ParameterizedTest(name = "{0}")
    @MethodSource("validFixtures")
    void theFixturesAreValid(String kind, Supplier<AsyncService> fixture) {
        AsyncService asvc = fixture.get();
        assertThat(validator.validate(asvc, TestFixtures.secretsFor(asvc))).isEmpty();
    }

    @Test
    void anSqsInputMayOptIntoTheOperatorsIdentityInsteadOfASecret() {
        AsyncService asvc = TestFixtures.sqs("ml", "s");
        asvc.getSpec().getInput().getSqs().setCredentialsSecret(null);
        asvc.getSpec().getInput().getSqs().setIdentityOwner(SqsIdentityOwner.OPERATOR);
        assertThat(validator.validate(asvc, TestFixtures.secretsFor(asvc))).isEmpty();
    }

    static Stream<Arguments> validFixtures() {
        return Stream.of(
                Arguments.of("sqs", (Supplier<AsyncService>) () -> TestFixtures.sqs("ml", "s")),
                Arguments.of("kafka", (Supplier<AsyncService>) () -> TestFixtures.kafka("ml", "s")),
                Arguments.of("nats", (Supplier<AsyncService>) () -> TestFixtures.nats("ml", "s")),
                Arguments.of("amqp", (Supplier<AsyncService>) () -> TestFixtures.amqp("ml", "s")));
    }

    /** One row: a valid SQS AsyncService, one change, and the problem a user must then see. */
    record Case(String name, Consumer<AsyncService> change, Consumer<Map<String, Secret>> secrets,
            String reason, String messagePart) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Case> invalidSpecs() {
        Consumer<Map<String, Secret>> keep = s -> { };
        return Stream.of(
                new Case("endpoint container not in the template",
                        a -> a.getSpec().getEndpoint().setContainer("web"), keep,
                        ValidationProblem.ENDPOINT_CONTAINER_NOT_FOUND,
                        "spec.endpoint.container 'web' is not a container of spec.template; the containers are: app"),
                new Case("endpoint port not declared by a container that declares ports",
                        a -> a.getSpec().getEndpoint().setPort(8080), keep,
                        ValidationProblem.ENDPOINT_PORT_NOT_DECLARED,
                        "spec.endpoint.port 8080 is not among the ports of container 'app' (8000)"),
                new Case("no containers",
                        a -> a.getSpec().getTemplate().getSpec().setContainers(List.of()), keep,
                        ValidationProblem.INVALID_TEMPLATE, "spec.template.spec.containers is empty"),
                new Case("sidecar port used by an app container",
                        a -> app(a).getPorts().add(new ContainerPortBuilder().withContainerPort(7979).build()), keep,
                        ValidationProblem.SIDECAR_PORT_CONFLICT,
                        "the sidecar's port 7979 is also a port of container 'app'"),
                new Case("sidecar port used by an init container",
                        a -> a.getSpec().getTemplate().getSpec().getInitContainers().get(0)
                                .setPorts(List.of(new ContainerPortBuilder().withContainerPort(7979).build())), keep,
                        ValidationProblem.SIDECAR_PORT_CONFLICT, "also a port of container 'fetch-model'"),
                new Case("sidecar port equals the endpoint port",
                        a -> a.getSpec().getSidecar().setPort(8000), keep,
                        ValidationProblem.SIDECAR_PORT_CONFLICT, "the sidecar's port 8000 is also spec.endpoint.port"),
                new Case("a container named like the sidecar",
                        a -> app(a).setName("asyncservice-sidecar"), keep,
                        ValidationProblem.RESERVED_NAME, "'asyncservice-sidecar' is reserved"),
                new Case("a volume named like the sidecar's",
                        a -> a.getSpec().getTemplate().getSpec().getVolumes().add(new VolumeBuilder()
                                .withName("asyncservice-tmp").withNewEmptyDir().endEmptyDir().build()), keep,
                        ValidationProblem.RESERVED_NAME, "the volume name 'asyncservice-tmp' is reserved"),
                new Case("a template label that would break the selector",
                        a -> a.getSpec().getTemplate().getMetadata().getLabels().put("asyncservice.io/name", "other"), keep,
                        ValidationProblem.SELECTOR_LABEL_CONFLICT,
                        "sets asyncservice.io/name=other, but the operator selects this AsyncService's pods with "
                                + "asyncservice.io/name=s, a label it owns; remove the label"),
                new Case("a name too long for a label",
                        a -> a.getMetadata().setName("s".repeat(64)), keep,
                        ValidationProblem.NAME_TOO_LONG, "has 64 characters"),
                new Case("referenced Secret missing",
                        a -> { }, s -> s.remove("sqs-credentials"),
                        ValidationProblem.SECRET_NOT_FOUND,
                        "Secret 'sqs-credentials' (spec.input.sqs.credentialsSecret, spec.output.sqs.credentialsSecret) "
                                + "does not exist in namespace 'ml'"),
                new Case("referenced Secret without a key the sidecar needs",
                        a -> { }, s -> s.put("sqs-credentials", TestFixtures.secret("ml", "sqs-credentials",
                                Map.of("AWS_ACCESS_KEY_ID", "x"))),
                        ValidationProblem.SECRET_KEY_MISSING,
                        "Secret 'sqs-credentials' has no key 'AWS_SECRET_ACCESS_KEY', which spec.input.sqs.credentialsSecret needs"),
                new Case("unparsable endpoint timeout",
                        a -> a.getSpec().getEndpoint().setTimeout("5 minutes"), keep,
                        ValidationProblem.INVALID_DURATION,
                        "spec.endpoint.timeout: '5 minutes' is not a duration such as 500ms, 30s, 5m or 1h30m"),
                new Case("unparsable visibility timeout",
                        a -> a.getSpec().getInput().getSqs().setVisibilityTimeout("30"), keep,
                        ValidationProblem.INVALID_DURATION, "spec.input.sqs.visibilityTimeout: '30'"),
                new Case("unparsable backoff",
                        a -> a.getSpec().getDelivery().getBackoff().setMax("1d"), keep,
                        ValidationProblem.INVALID_DURATION, "spec.delivery.backoff.max: '1d'"),
                new Case("unparsable autoscaling cooldown",
                        a -> autoscale(a).setCooldownPeriod("PT5M"), keep,
                        ValidationProblem.INVALID_DURATION, "spec.autoscaling.cooldownPeriod: 'PT5M'"),
                new Case("kafka input without output or dead letter",
                        a -> {
                            a.getSpec().setInput(TestFixtures.kafka("ml", "k").getSpec().getInput());
                            a.getSpec().setOutput(null);
                        }, s -> s.put("kafka-client", TestFixtures.secret("ml", "kafka-client", Map.of())),
                        ValidationProblem.FAILURE_DESTINATION_REQUIRED, "a Kafka input needs spec.output or spec.deadLetter"),
                new Case("kafka input without consumer group",
                        a -> {
                            a.getSpec().setInput(TestFixtures.kafka("ml", "k").getSpec().getInput());
                            a.getSpec().getInput().getKafka().setConsumerGroup(null);
                        }, s -> s.put("kafka-client", TestFixtures.secret("ml", "kafka-client", Map.of())),
                        ValidationProblem.INVALID_BROKER, "spec.input.kafka.consumerGroup is required"),
                new Case("nats dead letter without subject",
                        a -> {
                            a.getSpec().setDeadLetter(TestFixtures.nats("ml", "n").getSpec().getDeadLetter());
                            a.getSpec().getDeadLetter().getNats().setSubject(null);
                        }, s -> s.put("nats-token", TestFixtures.secret("ml", "nats-token", Map.of())),
                        ValidationProblem.INVALID_BROKER, "spec.deadLetter.nats.subject is required"),
                new Case("two broker kinds in one place",
                        a -> a.getSpec().getOutput().setAmqp(TestFixtures.amqp("ml", "a").getSpec().getInput().getAmqp()),
                        keep, ValidationProblem.INVALID_BROKER,
                        "spec.output sets 2 broker kinds; set exactly one of " + BrokerKind.ONE_OF),
                new Case("no input",
                        a -> a.getSpec().setInput(null), keep,
                        ValidationProblem.INVALID_BROKER, "spec.input is missing"),
                new Case("an empty broker",
                        a -> a.getSpec().setDeadLetter(new BrokerSpec()), keep,
                        ValidationProblem.INVALID_BROKER, "spec.deadLetter sets 0 broker kinds"),
                new Case("sqs without queue url",
                        a -> a.getSpec().getOutput().setSqs(new SqsSpec()), keep,
                        ValidationProblem.INVALID_BROKER, "spec.output.sqs.queueUrl is required"),
                new Case("sqs input with both identityOwner: operator and a credentials Secret",
                        a -> a.getSpec().getInput().getSqs().setIdentityOwner(SqsIdentityOwner.OPERATOR), keep,
                        ValidationProblem.INVALID_BROKER, "set spec.input.sqs.credentialsSecret or "
                                + "spec.input.sqs.identityOwner: operator, not both"),
                new Case("identityOwner on an sqs output",
                        a -> a.getSpec().getOutput().getSqs().setIdentityOwner(SqsIdentityOwner.SERVICE), keep,
                        ValidationProblem.INVALID_BROKER, "spec.output.sqs.identityOwner is for the input only"),
                new Case("a message size over what one message in memory can hold",
                        a -> a.getSpec().getDelivery().setMaxMessageSize("3Gi"), keep,
                        ValidationProblem.INVALID_SIZE, "spec.delivery.maxMessageSize: '3Gi' is outside 1 byte to 2Gi"),
                new Case("unparsable consumer timeout",
                        a -> amqpInput(a).getAmqp().setConsumerTimeout("30 minutes"), withRabbitUri(),
                        ValidationProblem.INVALID_DURATION, "spec.input.amqp.consumerTimeout: '30 minutes'"),
                new Case("an AMQP input whose consumerTimeout is shorter than one attempt",
                        a -> {
                            amqpInput(a).getAmqp().setConsumerTimeout("30m");
                            a.getSpec().getEndpoint().setTimeout("40m");
                        }, withRabbitUri(),
                        ValidationProblem.CONSUMER_TIMEOUT_TOO_SHORT,
                        "spec.input.amqp.consumerTimeout is 30m, but one attempt may hold a message unacknowledged for up "
                                + "to 42m: spec.endpoint.timeout 40m + 2m to write the output and ack"),
                new Case("replicas and autoscaling together",
                        a -> autoscale(a), keep,
                        ValidationProblem.INVALID_SCALING, "set either spec.replicas or spec.autoscaling, not both"),
                new Case("min above max",
                        a -> {
                            autoscale(a).setMinReplicas(5);
                            a.getSpec().getAutoscaling().setMaxReplicas(2);
                        }, keep,
                        ValidationProblem.INVALID_SCALING, "spec.autoscaling.minReplicas (5) is greater than maxReplicas (2)"),
                new Case("both targets",
                        a -> {
                            autoscale(a).setTargetBacklogPerReplica(20);
                            a.getSpec().getAutoscaling().setTargetDrainTime("10m");
                        }, keep,
                        ValidationProblem.INVALID_SCALING,
                        "spec.autoscaling: set either targetBacklogPerReplica or targetDrainTime, not both"),
                new Case("unparsable drain time",
                        a -> autoscale(a).setTargetDrainTime("ten minutes"), keep,
                        ValidationProblem.INVALID_DURATION, "spec.autoscaling.targetDrainTime: 'ten minutes'"),
                new Case("a drain time of zero",
                        a -> autoscale(a).setTargetDrainTime("0s"), keep,
                        ValidationProblem.INVALID_SCALING, "spec.autoscaling.targetDrainTime must be longer than 0s"),
                new Case("a drain rate window shorter than two polls",
                        a -> {
                            autoscale(a).setTargetDrainTime("10m");
                            a.getSpec().getAutoscaling().setPollingInterval("30s");
                            a.getSpec().getAutoscaling().setDrainRateWindow("45s");
                        }, keep,
                        ValidationProblem.INVALID_SCALING,
                        "spec.autoscaling.drainRateWindow (45s) must be at least twice pollingInterval (30s): the completion "
                                + "rate is measured between polls within it; raise drainRateWindow to 1m or more"));
    }

    @Test
    void aDrainTimeAloneIsValidAndTakesNoBacklogTarget() {
        AsyncService asvc = TestFixtures.sqs("ml", "s");
        asvc.getSpec().setReplicas(null);
        autoscale(asvc).setTargetDrainTime("10m");

        assertThat(asvc.getSpec().getAutoscaling().getTargetBacklogPerReplica()).as("no default of 10 written").isNull();
        assertThat(validator.validate(asvc, TestFixtures.secretsFor(asvc))).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalidSpecs")
    void anInvalidSpecGivesAProblemThatSaysWhatIsWrong(Case c) {
        AsyncService asvc = TestFixtures.sqs("ml", "s");
        Map<String, Secret> secrets = new HashMap<>(TestFixtures.secretsFor(asvc));
        c.change().accept(asvc);
        c.secrets().accept(secrets);

        List<ValidationProblem> problems = validator.validate(asvc, secrets);

        assertThat(problems).anySatisfy(p -> {
            assertThat(p.reason()).isEqualTo(c.reason());
            assertThat(p.message()).contains(c.messagePart());
        });
    }

    @Test
    void anAmqpInputOnEveryDefaultFitsRabbitMqsDefaultConsumerTimeoutWhateverItsRetries() {
        AsyncService asvc = TestFixtures.amqp("ml", "a");
        asvc.getSpec().getEndpoint().setTimeout(null);
        asvc.getSpec().getInput().getAmqp().setConsumerTimeout(null);

        assertThat(validator.validate(asvc, TestFixtures.secretsFor(asvc))).as("5m + 2m < 30m").isEmpty();

        asvc.getSpec().getDelivery().setMaxAttempts(20);
        asvc.getSpec().getDelivery().getBackoff().setMax("10m");
        assertThat(validator.validate(asvc, TestFixtures.secretsFor(asvc)))
                .as("a message whose retries would outlast the timeout is released, not held").isEmpty();
    }

    @Test
    void anAttemptLongerThanTheConsumerTimeoutAllowsIsRefusedAndTheMessageSaysWhatToChange() {
        AsyncService asvc = TestFixtures.amqp("ml", "a");
        asvc.getSpec().getEndpoint().setTimeout("40m");
        asvc.getSpec().getInput().getAmqp().setConsumerTimeout(null);

        List<ValidationProblem> problems = validator.validate(asvc, TestFixtures.secretsFor(asvc));

        assertThat(problems).singleElement().satisfies(p -> {
            assertThat(p.reason()).isEqualTo(ValidationProblem.CONSUMER_TIMEOUT_TOO_SHORT);
            assertThat(p.message()).isEqualTo("spec.input.amqp.consumerTimeout is 30m, but one attempt may hold a message "
                    + "unacknowledged for up to 42m: spec.endpoint.timeout 40m + 2m to write the output and ack. RabbitMQ "
                    + "would close the channel at 30m and deliver the message again while the app still works on it. Lower "
                    + "spec.endpoint.timeout below 28m, or raise consumer_timeout on the broker (or the queue's "
                    + "x-consumer-timeout) above 42m and set spec.input.amqp.consumerTimeout to it");
        });

        asvc.getSpec().getEndpoint().setTimeout("27m59s");
        assertThat(validator.validate(asvc, TestFixtures.secretsFor(asvc))).as("the first fix it proposes").isEmpty();

        asvc.getSpec().getEndpoint().setTimeout("40m");
        asvc.getSpec().getInput().getAmqp().setConsumerTimeout("42m1ms");
        assertThat(validator.validate(asvc, TestFixtures.secretsFor(asvc))).as("the second").isEmpty();
    }

    @Test
    void onlyTheInputsConsumerTimeoutMatters() {
        AsyncService asvc = TestFixtures.amqp("ml", "a");
        asvc.getSpec().getOutput().getAmqp().setConsumerTimeout("1s");

        assertThat(validator.validate(asvc, TestFixtures.secretsFor(asvc))).isEmpty();
    }

    @Test
    void aContainerThatDeclaresNoPortsMayServeAnyEndpointPort() {
        AsyncService asvc = TestFixtures.sqs("ml", "s");
        app(asvc).setPorts(null);
        asvc.getSpec().getEndpoint().setPort(8123);

        assertThat(validator.validate(asvc, TestFixtures.secretsFor(asvc))).isEmpty();
    }

    @Test
    void aSecretReferencedTwiceIsReportedOnceAndEveryProblemIsReported() {
        AsyncService asvc = TestFixtures.sqs("ml", "s");
        asvc.getSpec().getEndpoint().setContainer("web");

        List<ValidationProblem> problems = validator.validate(asvc, Map.of());

        assertThat(problems).extracting(ValidationProblem::reason)
                .containsExactly(ValidationProblem.ENDPOINT_CONTAINER_NOT_FOUND, ValidationProblem.SECRET_NOT_FOUND);
    }

    @Test
    void theSelectorLabelMayBeWrittenWithTheOperatorsValue() {
        AsyncService asvc = TestFixtures.sqs("ml", "s");
        asvc.getSpec().getTemplate().getMetadata().getLabels().put("asyncservice.io/name", "s");

        assertThat(validator.validate(asvc, TestFixtures.secretsFor(asvc))).isEmpty();
    }

    @Test
    void theRecommendedLabelsBelongToTheUser() {
        AsyncService asvc = TestFixtures.sqs("ml", "s");
        asvc.getSpec().getTemplate().getMetadata().getLabels().put("app.kubernetes.io/name", "ocr");
        asvc.getSpec().getTemplate().getMetadata().getLabels().put("app.kubernetes.io/instance", "ocr-eu");

        assertThat(validator.validate(asvc, TestFixtures.secretsFor(asvc))).isEmpty();
    }

    @Test
    void aLabelThatContradictsTheSelectorOfAnOlderDeploymentSaysHowToGetTheNewSelector() {
        AsyncService asvc = TestFixtures.sqs("ml", "s");
        asvc.getSpec().getTemplate().getMetadata().getLabels().put("app.kubernetes.io/name", "ocr");
        PodSelector legacy = new PodSelector(Names.legacySelectorLabels(asvc));

        List<ValidationProblem> problems = validator.validate(asvc, TestFixtures.secretsFor(asvc), legacy);

        assertThat(problems).singleElement().satisfies(p -> {
            assertThat(p.reason()).isEqualTo(ValidationProblem.SELECTOR_LABEL_CONFLICT);
            assertThat(p.message()).contains("sets app.kubernetes.io/name=ocr",
                    "Deployment s was created by an earlier version of the operator",
                    "a Deployment's selector cannot change",
                    "kubectl delete deployment s",
                    "selecting its pods with asyncservice.io/name=s");
        });
    }

    private static Container app(AsyncService asvc) {
        return asvc.getSpec().getTemplate().getSpec().getContainers().get(0);
    }

    /** Makes the input the AMQP fixture's, keeping the SQS output. */
    private static BrokerSpec amqpInput(AsyncService asvc) {
        asvc.getSpec().setInput(TestFixtures.amqp("ml", "a").getSpec().getInput());
        return asvc.getSpec().getInput();
    }

    private static Consumer<Map<String, Secret>> withRabbitUri() {
        return s -> s.put("rabbitmq-uri", TestFixtures.secret("ml", "rabbitmq-uri", Map.of("uri", "amqp://u:p@rabbitmq:5672/")));
    }

    private static AutoscalingSpec autoscale(AsyncService asvc) {
        if (asvc.getSpec().getAutoscaling() == null) {
            asvc.getSpec().setAutoscaling(new AutoscalingSpec());
        }
        return asvc.getSpec().getAutoscaling();
    }
}
