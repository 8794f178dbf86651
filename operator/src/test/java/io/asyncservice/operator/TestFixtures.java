package io.asyncservice.operator;

import static io.asyncservice.operator.TestAsyncServiceBuilder.asyncService;

import io.asyncservice.api.v1alpha1.AmqpSpec;
import io.asyncservice.api.v1alpha1.AsyncService;
import io.asyncservice.api.v1alpha1.AutoscalingSpec;
import io.asyncservice.api.v1alpha1.BrokerSpec;
import io.asyncservice.api.v1alpha1.KafkaSpec;
import io.asyncservice.api.v1alpha1.NatsSpec;
import io.asyncservice.api.v1alpha1.SecretKeyRef;
import io.asyncservice.api.v1alpha1.SqsSpec;
import io.asyncservice.operator.model.DrainToken;
import io.asyncservice.operator.model.SecretReference;
import io.asyncservice.operator.model.SidecarDefaults;
import io.asyncservice.operator.scaling.ScaledService;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirementsBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Ready-made AsyncServices and Secrets for tests, built in Java with {@link TestAsyncServiceBuilder}: a summarizer app
 * on port 8000 with each of the four broker kinds, and the scaler's view of an autoscaled service. Each call returns a
 * fresh object, so a test may change it freely.
 */
public final class TestFixtures {

    public static final String NAMESPACE = "ml";
    public static final SidecarDefaults SIDECAR_DEFAULTS = new SidecarDefaults("ghcr.io/asyncservice/sidecar:test",
            new ResourceRequirementsBuilder()
                    .addToRequests("cpu", new Quantity("50m"))
                    .addToRequests("memory", new Quantity("128Mi"))
                    .addToLimits("memory", new Quantity("256Mi"))
                    .build());
    /** A fixed drain token, so that rendered Deployments compare equal and golden files stay put. */
    public static final DrainToken DRAIN_TOKEN = new DrainToken("test-drain-token-0123456789abcdef");

    private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

    private TestFixtures() {
    }

    /** A valid AsyncService reading SQS, writing results to SQS, with a credentials Secret. */
    public static AsyncService sqs(String namespace, String name) {
        return asyncService(namespace, name).summarizerApp()
                .input(sqsQueue("jobs", "sqs-credentials"))
                .output(sqsQueue("results", "sqs-credentials"))
                .replicas(2)
                .build();
    }

    /** A valid AsyncService reading Kafka with a SASL properties Secret, autoscaled, as a native sidecar. */
    public static AsyncService kafka(String namespace, String name) {
        KafkaSpec in = new KafkaSpec();
        in.setBootstrapServers("kafka-0.kafka:9092,kafka-1.kafka:9092");
        in.setTopic("summaries.requests");
        in.setConsumerGroup("summarizer");
        in.setCredentialsSecret("kafka-client");
        KafkaSpec out = new KafkaSpec();
        out.setBootstrapServers("kafka-0.kafka:9092,kafka-1.kafka:9092");
        out.setTopic("summaries.results");
        out.setCredentialsSecret("kafka-client");
        AutoscalingSpec autoscaling = new AutoscalingSpec();
        autoscaling.setMinReplicas(1);
        autoscaling.setMaxReplicas(6);
        return asyncService(namespace, name).summarizerApp()
                .input(TestAsyncServiceBuilder.kafka(in))
                .output(TestAsyncServiceBuilder.kafka(out))
                .autoscaling(autoscaling)
                .nativeSidecar()
                .build();
    }

    /** A valid AsyncService reading a JetStream stream with a token Secret, dead-lettering to another subject. */
    public static AsyncService nats(String namespace, String name) {
        NatsSpec in = new NatsSpec();
        in.setServers(List.of("nats://nats.messaging:4222"));
        in.setStream("SUMMARIES");
        in.setConsumer("summarizer");
        in.setSubject("summaries.requests");
        in.setCredentialsSecret("nats-token");
        NatsSpec dlq = new NatsSpec();
        dlq.setServers(List.of("nats://nats.messaging:4222"));
        dlq.setStream("SUMMARIES");
        dlq.setSubject("summaries.failed");
        dlq.setCredentialsSecret("nats-token");
        return asyncService(namespace, name).summarizerApp()
                .input(TestAsyncServiceBuilder.nats(in))
                .deadLetter(TestAsyncServiceBuilder.nats(dlq))
                .build();
    }

    /** A valid AsyncService reading a RabbitMQ queue, with the URI in a Secret, and the sidecar on another port. */
    public static AsyncService amqp(String namespace, String name) {
        AmqpSpec in = new AmqpSpec();
        in.setUriSecret(new SecretKeyRef("rabbitmq-uri", "uri"));
        in.setQueue("summaries");
        in.setManagementUrl("http://rabbitmq.messaging:15672");
        AmqpSpec out = new AmqpSpec();
        out.setUriSecret(new SecretKeyRef("rabbitmq-uri", "uri"));
        out.setQueue("summaries.results");
        return asyncService(namespace, name).summarizerApp()
                .input(TestAsyncServiceBuilder.amqp(in))
                .output(TestAsyncServiceBuilder.amqp(out))
                .sidecarPort(9090)
                .build();
    }

    /** The scaler's view of a service on an SQS queue named after it, scaling a Deployment of the same name. */
    public static ScaledService scaled(String namespace, String name, AutoscalingSpec autoscaling) {
        return scaled(namespace, name, autoscaling, Map.of());
    }

    public static ScaledService scaled(String namespace, String name, AutoscalingSpec autoscaling,
            Map<String, String> annotations) {
        AsyncService service = asyncService(namespace, name).randomUid().annotations(annotations)
                .input(TestAsyncServiceBuilder.sqs("http://127.0.0.1:9324/000000000000/" + name))
                .autoscaling(autoscaling)
                .build();
        return ScaledService.from(service, name);
    }

    /** The Secrets each fixture refers to, with made-up values that tests search for in rendered objects. */
    public static Map<String, Secret> secretsFor(AsyncService asvc) {
        String ns = asvc.getMetadata().getNamespace();
        Map<String, Secret> secrets = new LinkedHashMap<>();
        secrets.put("sqs-credentials", secret(ns, "sqs-credentials", Map.of(
                "AWS_ACCESS_KEY_ID", "AKIAFIXTUREVALUE0001", "AWS_SECRET_ACCESS_KEY", "fixture-secret-access-key-value")));
        secrets.put("kafka-client", secret(ns, "kafka-client", Map.of(
                "security.protocol", "SASL_SSL", "sasl.mechanism", "SCRAM-SHA-512",
                "sasl.jaas.config", "org.apache.kafka.common.security.scram.ScramLoginModule required "
                        + "username=\"summarizer\" password=\"fixture-kafka-password\";")));
        secrets.put("nats-token", secret(ns, "nats-token", Map.of("token", "fixture-nats-token-value")));
        secrets.put("rabbitmq-uri", secret(ns, "rabbitmq-uri",
                Map.of("uri", "amqp://summarizer:fixture-rabbit-password@rabbitmq.messaging:5672/ml")));
        secrets.keySet().retainAll(SecretReference.secretNames(asvc.getSpec()));
        return secrets;
    }

    /** A Secret whose values are base64-encoded into data, as the API server stores them. */
    public static Secret secret(String namespace, String name, Map<String, String> values) {
        Map<String, String> data = new LinkedHashMap<>();
        new TreeMap<>(values).forEach((k, v) ->
                data.put(k, Base64.getEncoder().encodeToString(v.getBytes(StandardCharsets.UTF_8))));
        return new SecretBuilder()
                .withMetadata(new ObjectMetaBuilder().withNamespace(namespace).withName(name).build())
                .withData(data)
                .build();
    }

    /** A deep copy, e.g. to compare a rendered object with what the user wrote. */
    public static <T> T copy(T object) {
        return SERIALIZATION.clone(object);
    }

    private static BrokerSpec sqsQueue(String queue, String secret) {
        SqsSpec sqs = new SqsSpec();
        sqs.setQueueUrl("https://sqs.eu-west-1.amazonaws.com/123456789012/summarizer-" + queue);
        sqs.setRegion("eu-west-1");
        sqs.setCredentialsSecret(secret);
        return TestAsyncServiceBuilder.sqs(sqs);
    }
}
