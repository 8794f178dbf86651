package io.asyncservice.operator.scaling.sqs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.asyncservice.api.v1alpha1.SqsIdentityOwner;
import io.asyncservice.api.v1alpha1.SqsSpec;
import io.asyncservice.operator.scaling.BacklogReadException;
import io.asyncservice.operator.scaling.ClientPool;
import io.asyncservice.operator.scaling.TestingSecretReader;
import io.asyncservice.testing.EmbeddedSqs;
import io.asyncservice.testing.FreePorts;
import io.asyncservice.testing.UniqueNames;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Against a real SQS API (ElasticMQ): visible and in-flight messages both count. */
class SqsBacklogReaderIT {

    private static final String NS = "team-a";
    private static final Duration TIMEOUT = Duration.ofSeconds(5);

    private final EmbeddedSqs sqs = EmbeddedSqs.shared();
    private final TestingSecretReader secrets = new TestingSecretReader()
            .put(NS, "aws", Map.of("AWS_ACCESS_KEY_ID", EmbeddedSqs.ACCESS_KEY, "AWS_SECRET_ACCESS_KEY", EmbeddedSqs.SECRET_KEY));
    private final ClientPool pool = new ClientPool();
    private String queueUrl;

    @BeforeEach
    void createQueue() {
        queueUrl = sqs.createQueue(UniqueNames.of("it-sqs-backlog"));
    }

    @AfterEach
    void cleanUp() {
        pool.close();
        sqs.deleteQueue(queueUrl);
    }

    @Test
    void countsVisibleAndInFlightMessages() throws Exception {
        for (int i = 0; i < 5; i++) {
            int n = i;
            sqs.client().sendMessage(b -> b.queueUrl(queueUrl).messageBody("m" + n));
        }
        int received = sqs.client().receiveMessage(b -> b.queueUrl(queueUrl).maxNumberOfMessages(2).visibilityTimeout(60))
                .messages().size();
        assertThat(received).isEqualTo(2);

        try (SqsBacklogReader reader = SqsBacklogReader.open(NS, spec(queueUrl, sqs.endpoint()), secrets, pool, TIMEOUT)) {
            assertThat(reader.read().messages()).as("3 visible + 2 in flight").isEqualTo(5);
            assertThat(reader.read().partitionCount()).isEmpty();
        }
    }

    @Test
    void anEmptyQueueHasNoBacklog() throws Exception {
        try (SqsBacklogReader reader = SqsBacklogReader.open(NS, spec(queueUrl, null), secrets, pool, TIMEOUT)) {
            assertThat(reader.read().messages()).isZero();
        }
    }

    @Test
    void servicesOnOneEndpointShareOneClientWhichClosesWithTheLastOne() throws Exception {
        String other = sqs.createQueue(UniqueNames.of("it-sqs-backlog"));
        try {
            SqsBacklogReader a = SqsBacklogReader.open(NS, spec(queueUrl, sqs.endpoint()), secrets, pool, TIMEOUT);
            SqsBacklogReader b = SqsBacklogReader.open(NS, spec(other, sqs.endpoint()), secrets, pool, TIMEOUT);
            assertThat(pool.size()).isEqualTo(1);
            a.close();
            assertThat(b.read().messages()).isZero();
            b.close();
            assertThat(pool.size()).isZero();
        } finally {
            sqs.deleteQueue(other);
        }
    }

    @Test
    void aMissingQueueIsQueueNotFound() throws Exception {
        String missing = sqs.endpoint() + "/000000000000/" + UniqueNames.of("missing");
        try (SqsBacklogReader reader = SqsBacklogReader.open(NS, spec(missing, sqs.endpoint()), secrets, pool, TIMEOUT)) {
            assertThatThrownBy(reader::read).isInstanceOfSatisfying(BacklogReadException.class,
                    e -> assertThat(e.reason()).isEqualTo(BacklogReadException.QUEUE_NOT_FOUND));
        }
    }

    @Test
    void anUnreachableEndpointIsUnreachable() throws Exception {
        String endpoint = "http://127.0.0.1:" + FreePorts.find();
        try (SqsBacklogReader reader = SqsBacklogReader.open(NS, spec(endpoint + "/000000000000/q", endpoint), secrets, pool, TIMEOUT)) {
            assertThatThrownBy(reader::read).isInstanceOfSatisfying(BacklogReadException.class,
                    e -> assertThat(e.reason()).isEqualTo(BacklogReadException.UNREACHABLE));
        }
    }

    @Test
    void aMissingSecretIsSecretUnavailable() {
        SqsSpec spec = spec(queueUrl, sqs.endpoint());
        spec.setCredentialsSecret("nope");
        assertThatThrownBy(() -> SqsBacklogReader.open(NS, spec, secrets, pool, TIMEOUT))
                .isInstanceOfSatisfying(BacklogReadException.class,
                        e -> assertThat(e.reason()).isEqualTo(BacklogReadException.SECRET_UNAVAILABLE));
        assertThat(pool.size()).isZero();
    }

    @Test
    void theOperatorsOwnIdentityReadsTheBacklogOnlyByOptIn() throws Exception {
        sqs.client().sendMessage(b -> b.queueUrl(queueUrl).messageBody("m"));
        String accessKey = System.setProperty("aws.accessKeyId", EmbeddedSqs.ACCESS_KEY);
        String secretKey = System.setProperty("aws.secretAccessKey", EmbeddedSqs.SECRET_KEY);
        try {
            SqsSpec spec = spec(queueUrl, sqs.endpoint());
            spec.setCredentialsSecret(null);
            assertThatThrownBy(() -> SqsBacklogReader.open(NS, spec, secrets, pool, TIMEOUT))
                    .isInstanceOfSatisfying(BacklogReadException.class,
                            e -> assertThat(e.reason()).isEqualTo(BacklogReadException.NO_CREDENTIALS));
            assertThat(pool.size()).as("no client without credentials").isZero();

            spec.setIdentityOwner(SqsIdentityOwner.OPERATOR);
            try (SqsBacklogReader reader = SqsBacklogReader.open(NS, spec, secrets, pool, TIMEOUT)) {
                assertThat(reader.read().messages()).isEqualTo(1);
            }
        } finally {
            restore("aws.accessKeyId", accessKey);
            restore("aws.secretAccessKey", secretKey);
        }
    }

    private static void restore(String property, String value) {
        if (value == null) {
            System.clearProperty(property);
        } else {
            System.setProperty(property, value);
        }
    }

    private static SqsSpec spec(String queueUrl, String endpoint) {
        SqsSpec spec = new SqsSpec();
        spec.setQueueUrl(queueUrl);
        spec.setEndpoint(endpoint);
        spec.setRegion(EmbeddedSqs.REGION);
        spec.setCredentialsSecret("aws");
        return spec;
    }
}
