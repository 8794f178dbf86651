package io.asyncservice.api.broker;

import static org.assertj.core.api.Assertions.assertThat;

import io.asyncservice.api.sidecar.QueueRole;
import io.asyncservice.api.v1alpha1.AmqpSpec;
import io.asyncservice.api.v1alpha1.BrokerKind;
import io.asyncservice.api.v1alpha1.BrokerSpec;
import io.asyncservice.api.v1alpha1.KafkaSpec;
import io.asyncservice.api.v1alpha1.NatsSpec;
import io.asyncservice.api.v1alpha1.SecretKeyRef;
import io.asyncservice.api.v1alpha1.SqsIdentityOwner;
import io.asyncservice.api.v1alpha1.SqsSpec;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/** What each descriptor says about a spec: its problems, its Secret and how it is passed, its endpoint. */
class BrokerDescriptorsTest {

    @Test
    void emptySpecsNameEveryRequiredFieldOfTheirRole() {
        assertThat(problems(QueueRole.INPUT, b -> b.setSqs(new SqsSpec()))).containsExactly("input.sqs.queueUrl is required");
        assertThat(problems(QueueRole.INPUT, b -> b.setKafka(new KafkaSpec()))).containsExactly(
                "input.kafka.bootstrapServers is required", "input.kafka.topic is required",
                "input.kafka.consumerGroup is required");
        assertThat(problems(QueueRole.OUTPUT, b -> b.setKafka(new KafkaSpec()))).containsExactly(
                "output.kafka.bootstrapServers is required", "output.kafka.topic is required");
        assertThat(problems(QueueRole.INPUT, b -> b.setNats(new NatsSpec()))).containsExactly(
                "input.nats.servers is required: list at least one NATS server URL", "input.nats.stream is required",
                "input.nats.consumer is required");
        assertThat(problems(QueueRole.DEAD_LETTER, b -> b.setNats(new NatsSpec()))).containsExactly(
                "deadLetter.nats.servers is required: list at least one NATS server URL",
                "deadLetter.nats.stream is required", "deadLetter.nats.subject is required");
        assertThat(problems(QueueRole.INPUT, b -> b.setAmqp(new AmqpSpec()))).containsExactly("input.amqp.queue is required");
    }

    @Test
    void sqsFormatsAndRangesAreChecked() {
        SqsSpec sqs = new SqsSpec();
        sqs.setQueueUrl("jobs");
        sqs.setEndpoint("localhost:9324");
        sqs.setVisibilityTimeout("13h");

        assertThat(problems(QueueRole.INPUT, b -> b.setSqs(sqs))).containsExactly(
                "input.sqs.queueUrl: 'jobs' is not an http(s) URL",
                "input.sqs.endpoint: 'localhost:9324' is not an http(s) URL",
                "input.sqs.visibilityTimeout: must be between 1s and 12h");
    }

    @Test
    void anUnparsableDurationIsADurationProblem() {
        AmqpSpec amqp = new AmqpSpec();
        amqp.setQueue("jobs");
        amqp.setConsumerTimeout("half an hour");
        BrokerSpec broker = new BrokerSpec();
        broker.setAmqp(amqp);
        BrokerProblems problems = new BrokerProblems();

        BrokerKind.AMQP.check(QueueRole.INPUT, "input", broker, problems);

        assertThat(problems.all()).singleElement().satisfies(p -> {
            assertThat(p.kind()).isEqualTo(BrokerProblems.Kind.DURATION);
            assertThat(p.message()).startsWith("input.amqp.consumerTimeout: 'half an hour'");
        });
    }

    @Test
    void secretReferencesAreCheckedApart() {
        SqsSpec sqs = new SqsSpec();
        sqs.setQueueUrl("https://sqs.eu-west-1.amazonaws.com/1/out");
        sqs.setIdentityOwner(SqsIdentityOwner.OPERATOR);
        BrokerSpec output = new BrokerSpec();
        output.setSqs(sqs);
        BrokerSpec amqp = new BrokerSpec();
        amqp.setAmqp(new AmqpSpec());
        BrokerProblems problems = new BrokerProblems();

        BrokerKind.SQS.checkSecretReference(QueueRole.OUTPUT, "spec.output", output, problems);
        BrokerKind.AMQP.checkSecretReference(QueueRole.INPUT, "spec.input", amqp, problems);

        assertThat(problems.messages()).containsExactly(
                "spec.output.sqs.identityOwner is for the input only: the scaler reads only the input's backlog, and the"
                        + " sidecar always uses the pod's own credentials",
                "spec.input.amqp.uriSecret.name is required");
    }

    @Test
    void secretsSayWhichKeysArePassedAndHow() {
        SqsSpec sqs = new SqsSpec();
        sqs.setCredentialsSecret("aws");
        KafkaSpec kafka = new KafkaSpec();
        kafka.setCredentialsSecret("sasl");
        NatsSpec nats = new NatsSpec();
        nats.setCredentialsSecret("  ");
        AmqpSpec amqp = new AmqpSpec();
        amqp.setUriSecret(new SecretKeyRef());
        amqp.getUriSecret().setName("rabbit");
        amqp.getUriSecret().setKey("url");

        SecretUse sqsSecret = new SqsBrokerDescriptor().secret(QueueRole.INPUT, sqs).orElseThrow();
        SecretUse kafkaSecret = new KafkaBrokerDescriptor().secret(QueueRole.DEAD_LETTER, kafka).orElseThrow();
        SecretUse amqpSecret = new AmqpBrokerDescriptor().secret(QueueRole.OUTPUT, amqp).orElseThrow();

        assertThat(sqsSecret.requiredKeys()).containsExactly("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY");
        assertThat(sqsSecret.env()).extracting(SecretUse.SecretEnv::secretKey).contains("AWS_SESSION_TOKEN");
        assertThat(kafkaSecret.isMounted()).isTrue();
        assertThat(kafkaSecret.mountPath()).isEqualTo("/var/run/asyncservice/kafka/deadLetter");
        assertThat(new NatsBrokerDescriptor().secret(QueueRole.INPUT, nats)).as("a blank name is no Secret").isEmpty();
        assertThat(amqpSecret.field()).isEqualTo("uriSecret");
        assertThat(amqpSecret.env()).containsExactly(new SecretUse.SecretEnv("url", "AMQP_URI", true));
    }

    @Test
    void endpointsIdentifyTheServerNotTheQueue() {
        SqsSpec a = new SqsSpec();
        a.setQueueUrl("https://sqs.eu-west-1.amazonaws.com/123/a");
        SqsSpec b = new SqsSpec();
        b.setQueueUrl("https://sqs.eu-west-1.amazonaws.com/123/b");
        NatsSpec nats = new NatsSpec();
        nats.setServers(List.of("nats://n1:4222", "nats://n2:4222"));
        AmqpSpec amqp = new AmqpSpec();
        amqp.setUriSecret(new SecretKeyRef());
        amqp.getUriSecret().setName("rabbit");

        assertThat(new SqsBrokerDescriptor().endpoint("ns", a)).isEqualTo(new SqsBrokerDescriptor().endpoint("ns", b))
                .isEqualTo("sqs:https://sqs.eu-west-1.amazonaws.com");
        assertThat(new NatsBrokerDescriptor().endpoint("ns", nats)).isEqualTo("nats:nats://n1:4222,nats://n2:4222");
        assertThat(new AmqpBrokerDescriptor().endpoint("team-a", amqp)).isEqualTo("amqp:team-a/rabbit");
    }

    @Test
    void onlyAKafkaInputNeedsAFailureDestination() {
        BrokerSpec kafka = new BrokerSpec();
        kafka.setKafka(new KafkaSpec());
        BrokerSpec sqs = new BrokerSpec();
        sqs.setSqs(new SqsSpec());

        assertThat(BrokerKind.failureDestinationProblem("spec.", kafka, null, null)).hasValue(
                "a Kafka input needs spec.output or spec.deadLetter: Kafka has no dead-letter policy of its own, so failed"
                        + " messages need somewhere to go");
        assertThat(BrokerKind.failureDestinationProblem("spec.", kafka, null, sqs)).isEmpty();
        assertThat(BrokerKind.failureDestinationProblem("spec.", sqs, null, null)).isEmpty();
    }

    private static List<String> problems(QueueRole role, Consumer<BrokerSpec> set) {
        BrokerSpec broker = new BrokerSpec();
        set.accept(broker);
        BrokerProblems problems = new BrokerProblems();
        broker.kind().check(role, role.field(), broker, problems);
        return problems.messages();
    }
}
