package io.asyncservice.operator.scaling.e2e;

import static io.asyncservice.operator.TestAsyncServiceBuilder.asyncService;
import static io.asyncservice.operator.TestAsyncServiceBuilder.clusterAutoscaling;
import static io.asyncservice.operator.TestAsyncServiceBuilder.sqs;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.asyncservice.api.v1alpha1.AsyncService;
import io.asyncservice.api.v1alpha1.SqsIdentityOwner;
import io.asyncservice.api.v1alpha1.SqsSpec;
import io.asyncservice.operator.cluster.TestNamespace;
import io.asyncservice.testing.EmbeddedSqs;
import io.asyncservice.testing.FreePorts;
import io.asyncservice.testing.UniqueNames;
import io.fabric8.kubernetes.api.model.Event;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.model.Message;

/** The scaler on a real API server against a real SQS API (ElasticMQ). */
class ScalerSqsIT {

    private static final Duration AWAIT = Duration.ofSeconds(30);

    private static ScalerCluster cluster;
    private static final EmbeddedSqs sqs = EmbeddedSqs.shared();

    private TestNamespace ns;

    private static String accessKeyProperty;
    private static String secretKeyProperty;

    /**
     * The operator runs in this JVM; the system properties, first in the AWS SDK's default chain, give it an AWS
     * identity of its own that ElasticMQ accepts, as IRSA or an instance profile would in a cluster.
     */
    @BeforeAll
    static void start() {
        accessKeyProperty = System.setProperty("aws.accessKeyId", EmbeddedSqs.ACCESS_KEY);
        secretKeyProperty = System.setProperty("aws.secretAccessKey", EmbeddedSqs.SECRET_KEY);
        cluster = ScalerCluster.start();
    }

    @AfterAll
    static void stop() {
        if (cluster != null) {
            cluster.close();
        }
        restore("aws.accessKeyId", accessKeyProperty);
        restore("aws.secretAccessKey", secretKeyProperty);
    }

    @BeforeEach
    void namespace() {
        ns = cluster.namespace("scaler-sqs");
    }

    @AfterEach
    void deleteNamespace() {
        if (ns != null) {
            ns.close();
        }
    }

    @Test
    void followsTheQueueFromZeroToThreeAndBackAndNeverDropsInFlightWork() {
        String queueUrl = sqs.createQueue(UniqueNames.of("it-scaler"));
        try {
            cluster.create(service("jobs", queueUrl, sqs.endpoint()), secrets());
            await().atMost(AWAIT).until(() -> Integer.valueOf(0).equals(cluster.replicas(ns.name(), "jobs")));

            for (int i = 0; i < 25; i++) {
                int n = i;
                sqs.client().sendMessage(b -> b.queueUrl(queueUrl).messageBody("job " + n));
            }
            await().atMost(AWAIT).until(() -> Integer.valueOf(3).equals(cluster.replicas(ns.name(), "jobs")));
            await().atMost(AWAIT).untilAsserted(() -> assertThat(cluster.events(ns.name(), "jobs", "Scaled")).extracting(Event::getMessage)
                    .anyMatch(m -> m.matches("Scaled from [0-2] to 3: backlog 2[1-5], target 10 per replica")));

            // All received, 23 done, 2 still in flight: never scaled to zero while they are.
            List<Message> received = receiveAll(queueUrl, 25);
            received.subList(0, 23).forEach(m -> sqs.client().deleteMessage(b -> b.queueUrl(queueUrl).receiptHandle(m.receiptHandle())));
            await().atMost(AWAIT).until(() -> Integer.valueOf(1).equals(cluster.replicas(ns.name(), "jobs")));
            await().during(Duration.ofSeconds(3)).atMost(AWAIT).until(() -> Integer.valueOf(1).equals(cluster.replicas(ns.name(), "jobs")));

            received.subList(23, 25).forEach(m -> sqs.client().deleteMessage(b -> b.queueUrl(queueUrl).receiptHandle(m.receiptHandle())));
            await().atMost(AWAIT).until(() -> Integer.valueOf(0).equals(cluster.replicas(ns.name(), "jobs")));
            assertThat(cluster.get(ns.name(), "jobs").getStatus().getBacklog()).isZero();
            assertThat(cluster.get(ns.name(), "jobs").getStatus().getLastScaleTime()).isNotNull();
        } finally {
            sqs.deleteQueue(queueUrl);
        }
    }

    @Test
    void anUnreachableBrokerLeavesTheReplicasAloneAndSaysWhy() {
        String endpoint = "http://127.0.0.1:" + FreePorts.find();
        cluster.create(service("stranded", endpoint + "/000000000000/jobs", endpoint), secrets());
        await().atMost(AWAIT).until(() -> cluster.replicas(ns.name(), "stranded") != null);
        cluster.setReplicas(ns.name(), "stranded", 2);

        await().atMost(AWAIT).untilAsserted(() -> assertThat(cluster.backlogAvailable(ns.name(), "stranded")).hasValueSatisfying(c -> {
            assertThat(c.getStatus()).isEqualTo("False");
            assertThat(c.getReason()).isEqualTo("Unreachable");
        }));
        await().atMost(AWAIT).untilAsserted(() -> assertThat(cluster.events(ns.name(), "stranded", "BacklogUnavailable")).singleElement()
                .satisfies(e -> assertThat(e.getType()).isEqualTo("Warning")));
        await().during(Duration.ofSeconds(2)).atMost(AWAIT).until(() -> Integer.valueOf(2).equals(cluster.replicas(ns.name(), "stranded")));
    }

    @Test
    void withoutCredentialsOrAnOptInTheBacklogIsNotReadWithTheOperatorsIdentity() {
        // The operator has an identity that could read this queue (see start()); the tenant did not opt into it.
        String queueUrl = sqs.createQueue(UniqueNames.of("it-scaler-nocreds"));
        try {
            AsyncService asvc = service("tenant", queueUrl, sqs.endpoint());
            asvc.getSpec().getInput().getSqs().setCredentialsSecret(null);
            cluster.create(asvc, Map.of());
            await().atMost(AWAIT).until(() -> cluster.replicas(ns.name(), "tenant") != null);
            cluster.setReplicas(ns.name(), "tenant", 2);
            for (int i = 0; i < 50; i++) {
                int n = i;
                sqs.client().sendMessage(b -> b.queueUrl(queueUrl).messageBody("job " + n));
            }

            await().atMost(AWAIT).untilAsserted(() -> assertThat(cluster.backlogAvailable(ns.name(), "tenant")).hasValueSatisfying(c -> {
                assertThat(c.getStatus()).isEqualTo("False");
                assertThat(c.getReason()).isEqualTo("NoCredentials");
                assertThat(c.getMessage()).contains("set sqs.credentialsSecret", "sqs.identityOwner: operator");
            }));
            await().atMost(AWAIT).untilAsserted(() -> assertThat(cluster.events(ns.name(), "tenant", "BacklogUnavailable"))
                    .singleElement().satisfies(e -> assertThat(e.getType()).isEqualTo("Warning")));
            // A backlog of 50 would ask for 5 replicas: it is not read, so neither up nor down.
            await().during(Duration.ofSeconds(3)).atMost(AWAIT).until(() -> Integer.valueOf(2).equals(cluster.replicas(ns.name(), "tenant")));
            assertThat(cluster.get(ns.name(), "tenant").getStatus().getBacklog()).as("no backlog learned").isNull();
            assertThat(cluster.events(ns.name(), "tenant", "Scaled")).isEmpty();
        } finally {
            sqs.deleteQueue(queueUrl);
        }
    }

    @Test
    void withIdentityOwnerOperatorTheBacklogIsReadWithTheOperatorsOwnIdentity() {
        String queueUrl = sqs.createQueue(UniqueNames.of("it-scaler-operator"));
        try {
            AsyncService asvc = service("platform", queueUrl, sqs.endpoint());
            asvc.getSpec().getInput().getSqs().setCredentialsSecret(null);
            asvc.getSpec().getInput().getSqs().setIdentityOwner(SqsIdentityOwner.OPERATOR);
            cluster.create(asvc, Map.of());
            await().atMost(AWAIT).until(() -> Integer.valueOf(0).equals(cluster.replicas(ns.name(), "platform")));

            for (int i = 0; i < 15; i++) {
                int n = i;
                sqs.client().sendMessage(b -> b.queueUrl(queueUrl).messageBody("job " + n));
            }
            await().atMost(AWAIT).until(() -> Integer.valueOf(2).equals(cluster.replicas(ns.name(), "platform")));
            await().atMost(AWAIT).untilAsserted(() -> {
                assertThat(cluster.get(ns.name(), "platform").getStatus().getBacklog()).isEqualTo(15L);
                assertThat(cluster.backlogAvailable(ns.name(), "platform")).hasValueSatisfying(c -> assertThat(c.getStatus()).isEqualTo("True"));
            });
        } finally {
            sqs.deleteQueue(queueUrl);
        }
    }

    private static void restore(String property, String value) {
        if (value == null) {
            System.clearProperty(property);
        } else {
            System.setProperty(property, value);
        }
    }

    private static List<Message> receiveAll(String queueUrl, int count) {
        List<Message> received = new ArrayList<>();
        await().atMost(AWAIT).until(() -> {
            received.addAll(sqs.client().receiveMessage(b -> b.queueUrl(queueUrl).maxNumberOfMessages(10).visibilityTimeout(120))
                    .messages());
            return received.size() >= count;
        });
        return received;
    }

    private AsyncService service(String name, String queueUrl, String endpoint) {
        SqsSpec in = new SqsSpec();
        in.setQueueUrl(queueUrl);
        in.setEndpoint(endpoint);
        in.setRegion(EmbeddedSqs.REGION);
        in.setCredentialsSecret("aws");
        return asyncService(ns.name(), name).workerApp().input(sqs(in)).autoscaling(clusterAutoscaling()).build();
    }

    private static Map<String, Map<String, String>> secrets() {
        return Map.of("aws", Map.of("AWS_ACCESS_KEY_ID", EmbeddedSqs.ACCESS_KEY, "AWS_SECRET_ACCESS_KEY", EmbeddedSqs.SECRET_KEY));
    }
}
