package io.asyncservice.operator.scaling.nats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.asyncservice.api.v1alpha1.NatsSpec;
import io.asyncservice.operator.scaling.BacklogReadException;
import io.asyncservice.operator.scaling.ClientPool;
import io.asyncservice.operator.scaling.TestingSecretReader;
import io.asyncservice.testing.FreePorts;
import io.asyncservice.testing.LocalNats;
import io.asyncservice.testing.UniqueNames;
import io.nats.client.Connection;
import io.nats.client.JetStream;
import io.nats.client.JetStreamSubscription;
import io.nats.client.Message;
import io.nats.client.PullSubscribeOptions;
import io.nats.client.api.AckPolicy;
import io.nats.client.api.ConsumerConfiguration;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Against the machine's NATS JetStream: pending plus ack-pending of the durable consumer. */
class NatsBacklogReaderIT {

    private static final String NS = "team-a";
    private static final Duration TIMEOUT = Duration.ofSeconds(5);

    private final ClientPool pool = new ClientPool();
    private Connection nats;
    private String stream;
    private String subject;
    private final String consumer = "workers";

    @BeforeEach
    void createStream() throws Exception {
        nats = LocalNats.connect();
        stream = UniqueNames.of("it-nats-backlog");
        subject = stream + ".in";
        LocalNats.createStream(nats, stream, subject);
        nats.jetStreamManagement().addOrUpdateConsumer(stream, ConsumerConfiguration.builder()
                .durable(consumer).ackPolicy(AckPolicy.Explicit).filterSubject(subject).ackWait(Duration.ofMinutes(1)).build());
    }

    @AfterEach
    void cleanUp() throws Exception {
        pool.close();
        LocalNats.deleteStream(nats, stream);
        nats.close();
    }

    @Test
    void countsPendingAndAckPendingMessages() throws Exception {
        JetStream js = nats.jetStream();
        for (int i = 0; i < 5; i++) {
            js.publish(subject, ("m" + i).getBytes());
        }
        JetStreamSubscription sub = js.subscribe(subject, PullSubscribeOptions.bind(stream, consumer));
        List<Message> received = sub.fetch(2, Duration.ofSeconds(2));
        assertThat(received).hasSize(2);

        try (NatsBacklogReader reader = NatsBacklogReader.open(NS, spec(LocalNats.URL), new TestingSecretReader(), pool, TIMEOUT)) {
            assertThat(reader.read().messages()).as("3 pending + 2 delivered, not acked").isEqualTo(5);
            // A plain ack is fire-and-forget, and the server may answer the next consumer info before it has applied
            // it; the sidecar's acks are confirmed ones, as here.
            for (Message m : received) {
                m.ackSync(Duration.ofSeconds(2));
            }
            assertThat(reader.read().messages()).as("the acked two are gone").isEqualTo(3);
        }
        sub.unsubscribe();
    }

    @Test
    void tokenCredentialsComeFromTheSecret() throws Exception {
        // The machine's NATS has no auth, so any token is accepted: this checks the Secret is read and used.
        TestingSecretReader secrets = new TestingSecretReader().put(NS, "nats-creds", Map.of("token", "s3cret"));
        NatsSpec spec = spec(LocalNats.URL);
        spec.setCredentialsSecret("nats-creds");
        try (NatsBacklogReader reader = NatsBacklogReader.open(NS, spec, secrets, pool, TIMEOUT)) {
            assertThat(reader.read().messages()).isZero();
        }
    }

    @Test
    void beforeTheSidecarCreatedTheConsumerTheBacklogIsTheStreamsMessagesOnTheSubject() throws Exception {
        JetStream js = nats.jetStream();
        for (int i = 0; i < 4; i++) {
            js.publish(subject, ("m" + i).getBytes());
        }
        NatsSpec onSubject = spec(LocalNats.URL);
        onSubject.setConsumer("not-created-yet");
        onSubject.setSubject(subject);
        NatsSpec onOtherSubject = spec(LocalNats.URL);
        onOtherSubject.setConsumer("not-created-yet");
        onOtherSubject.setSubject(stream + ".other");
        NatsSpec wholeStream = spec(LocalNats.URL);
        wholeStream.setConsumer("not-created-yet");

        try (NatsBacklogReader reader = NatsBacklogReader.open(NS, onSubject, new TestingSecretReader(), pool, TIMEOUT);
             NatsBacklogReader other = NatsBacklogReader.open(NS, onOtherSubject, new TestingSecretReader(), pool, TIMEOUT);
             NatsBacklogReader whole = NatsBacklogReader.open(NS, wholeStream, new TestingSecretReader(), pool, TIMEOUT)) {
            assertThat(reader.read().messages()).as("a new consumer on the subject would get all 4").isEqualTo(4);
            assertThat(other.read().messages()).as("nothing was published on the other subject").isZero();
            assertThat(whole.read().messages()).as("no subject: the whole stream").isEqualTo(4);
        }
    }

    @Test
    void aMissingStreamIsQueueNotFound() throws Exception {
        NatsSpec spec = spec(LocalNats.URL);
        spec.setStream(stream + "-missing");
        try (NatsBacklogReader reader = NatsBacklogReader.open(NS, spec, new TestingSecretReader(), pool, TIMEOUT)) {
            assertThatThrownBy(reader::read).isInstanceOfSatisfying(BacklogReadException.class,
                    e -> assertThat(e.reason()).isEqualTo(BacklogReadException.QUEUE_NOT_FOUND));
        }
    }

    @Test
    void anUnreachableServerIsUnreachable() {
        assertThatThrownBy(() -> NatsBacklogReader.open(NS, spec("nats://127.0.0.1:" + FreePorts.find()), new TestingSecretReader(),
                pool, Duration.ofSeconds(1)))
                .isInstanceOfSatisfying(BacklogReadException.class,
                        e -> assertThat(e.reason()).isEqualTo(BacklogReadException.UNREACHABLE));
        assertThat(pool.size()).isZero();
    }

    private NatsSpec spec(String server) {
        NatsSpec spec = new NatsSpec();
        spec.setServers(List.of(server));
        spec.setStream(stream);
        spec.setConsumer(consumer);
        return spec;
    }
}
