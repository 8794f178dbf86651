package io.asyncservice.sidecar.nats;

import io.asyncservice.api.v1alpha1.BrokerSpec;
import io.asyncservice.api.v1alpha1.NatsSpec;
import io.asyncservice.sidecar.testing.BrokerFixture;
import io.asyncservice.testing.LocalNats;
import io.asyncservice.testing.UniqueNames;
import io.nats.client.Connection;
import io.nats.client.JetStream;
import io.nats.client.JetStreamApiException;
import io.nats.client.JetStreamManagement;
import io.nats.client.JetStreamSubscription;
import io.nats.client.Message;
import io.nats.client.PullSubscribeOptions;
import io.nats.client.api.AckPolicy;
import io.nats.client.api.ConsumerConfiguration;
import io.nats.client.api.ConsumerInfo;
import io.nats.client.api.StorageType;
import io.nats.client.api.StreamConfiguration;
import io.nats.client.impl.Headers;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeoutException;

/**
 * The machine's NATS JetStream as a {@link BrokerFixture}: one stream per test with the subjects {@code <stream>.in},
 * {@code .out} and {@code .dlq}. The input's durable consumer is created here with the test's lease as its ack wait
 * (the sidecar finds and uses it); outputs are read through consumers of their own. With an output limit, the output
 * subject lives in a second stream of its own, whose {@code max_msg_size} is that limit.
 */
public final class NatsFixture implements BrokerFixture {

    static final String INPUT_CONSUMER = "sidecar";

    private final Connection connection = LocalNats.connect();

    @Override
    public String name() {
        return "nats";
    }

    @Override
    public boolean countsRedeliveries() {
        return true;
    }

    /** NATS header values cannot hold CR or LF, so no NATS message carries such a request id. */
    @Override
    public boolean carriesAnyRequestId() {
        return false;
    }

    @Override
    public NatsQueues createQueues(Duration lease) {
        return new NatsQueues(connection, lease, -1);
    }

    /**
     * The output gets a stream of its own with {@code max_msg_size = maxOutputBytes}: JetStream refuses a message whose
     * headers and payload together are over it (API error 10054); the input and dead letters are not limited.
     */
    @Override
    public Optional<LimitedQueues> createQueuesWithOutputLimit(Duration lease, int maxOutputBytes) {
        return Optional.of(new LimitedQueues(new NatsQueues(connection, lease, maxOutputBytes), maxOutputBytes));
    }

    @Override
    public void close() {
        try {
            connection.close();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** One test's stream. */
    public static final class NatsQueues implements Queues {

        private final Connection connection;
        private final JetStreamManagement jsm;
        private final JetStream js;
        private final String stream;
        /** The stream that holds the output subject: {@link #stream}, or one of its own when the output is limited. */
        private final String outputStream;
        private final JetStreamSubscription outputs;
        private final JetStreamSubscription deadLetters;

        /** {@code maxOutputBytes}: the output stream's max_msg_size, or -1 for one stream without limit. */
        NatsQueues(Connection connection, Duration lease, int maxOutputBytes) {
            this.connection = connection;
            this.stream = UniqueNames.of("it-nats");
            this.outputStream = maxOutputBytes < 0 ? stream : UniqueNames.of("it-nats-out");
            try {
                this.jsm = connection.jetStreamManagement();
                this.js = connection.jetStream();
                LocalNats.createStream(connection, stream, stream + ".>");
                if (maxOutputBytes >= 0) {
                    jsm.addStream(StreamConfiguration.builder().name(outputStream).subjects(outputStream + ".>")
                            .storageType(StorageType.File).maximumMessageSize(maxOutputBytes).build());
                }
                jsm.addOrUpdateConsumer(stream, ConsumerConfiguration.builder().durable(INPUT_CONSUMER)
                        .ackPolicy(AckPolicy.Explicit).ackWait(lease).filterSubject(subject("in")).build());
                this.outputs = reader(outputStream, "out");
                this.deadLetters = reader(stream, "dlq");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (JetStreamApiException e) {
                throw new IllegalStateException(e);
            }
        }

        private JetStreamSubscription reader(String streamName, String suffix) throws IOException, JetStreamApiException {
            String name = "reader-" + suffix;
            jsm.addOrUpdateConsumer(streamName, ConsumerConfiguration.builder().durable(name).ackPolicy(AckPolicy.Explicit)
                    .filterSubject(streamName + "." + suffix).build());
            return js.subscribe(null, PullSubscribeOptions.bind(streamName, name));
        }

        private String subject(String suffix) {
            return stream + "." + suffix;
        }

        public String stream() {
            return stream;
        }

        @Override
        public BrokerSpec input() {
            NatsSpec nats = spec();
            nats.setConsumer(INPUT_CONSUMER);
            nats.setSubject(subject("in"));
            return wrap(nats);
        }

        @Override
        public BrokerSpec output() {
            NatsSpec nats = spec();
            nats.setStream(outputStream);
            nats.setSubject(outputStream + ".out");
            return wrap(nats);
        }

        @Override
        public BrokerSpec deadLetter() {
            NatsSpec nats = spec();
            nats.setSubject(subject("dlq"));
            return wrap(nats);
        }

        private NatsSpec spec() {
            NatsSpec nats = new NatsSpec();
            nats.setServers(List.of(LocalNats.URL));
            nats.setStream(stream);
            return nats;
        }

        private static BrokerSpec wrap(NatsSpec nats) {
            BrokerSpec spec = new BrokerSpec();
            spec.setNats(nats);
            return spec;
        }

        /** The local server needs no credentials. */
        @Override
        public Map<String, String> sidecarEnv() {
            return Map.of();
        }

        @Override
        public void publish(List<TestMessage> messages) {
            List<CompletableFuture<?>> acks = new ArrayList<>();
            for (TestMessage m : messages) {
                Headers headers = new Headers().put(NatsHeaders.REQUEST_ID, m.requestId());
                if (m.contentType() != null) {
                    headers.put(NatsHeaders.CONTENT_TYPE, m.contentType());
                }
                acks.add(js.publishAsync(subject("in"), headers, m.body().getBytes(StandardCharsets.UTF_8)));
            }
            acks.forEach(CompletableFuture::join);
        }

        @Override
        public List<ReceivedMessage> takeOutputs(Duration maxWait) {
            return take(outputs, maxWait);
        }

        @Override
        public List<ReceivedMessage> takeDeadLetters(Duration maxWait) {
            return take(deadLetters, maxWait);
        }

        private static List<ReceivedMessage> take(JetStreamSubscription reader, Duration maxWait) {
            List<ReceivedMessage> taken = new ArrayList<>();
            Duration wait = maxWait.compareTo(Duration.ofMillis(20)) < 0 ? Duration.ofMillis(20) : maxWait;
            List<Message> batch = reader.fetch(256, wait);
            while (!batch.isEmpty()) {
                for (Message m : batch) {
                    Map<String, String> headers = NatsHeaders.lowerCased(m.getHeaders());
                    taken.add(new ReceivedMessage(headers.get("x-request-id"), m.getData(), headers));
                    m.ack();
                }
                batch = reader.fetch(256, Duration.ofMillis(20));
            }
            return taken;
        }

        @Override
        public InputBacklog inputBacklog() {
            try {
                ConsumerInfo info = jsm.getConsumerInfo(stream, INPUT_CONSUMER);
                return new InputBacklog(info.getNumPending(), info.getNumAckPending());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (JetStreamApiException e) {
                throw new IllegalStateException(e);
            }
        }

        /**
         * Fetches what is waiting through the sidecar's own durable consumer and naks it, which JetStream redelivers at
         * once: each round adds 1 to the messages' NumDelivered. Afterwards JetStream counts a bounced message as in
         * flight (NumAckPending), not as waiting, until it is acked; {@link #inputBacklog()}'s total is unchanged.
         */
        @Override
        public void bounceInputs(int times) {
            try {
                long waiting = jsm.getConsumerInfo(stream, INPUT_CONSUMER).getNumPending();
                JetStreamSubscription sub = js.subscribe(null, PullSubscribeOptions.bind(stream, INPUT_CONSUMER));
                try {
                    for (int round = 1; round <= times; round++) {
                        List<Message> held = new ArrayList<>();
                        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
                        while (held.size() < waiting && System.nanoTime() < deadline) {
                            held.addAll(sub.fetch((int) (waiting - held.size()), Duration.ofSeconds(1)));
                        }
                        if (held.size() < waiting) {
                            throw new IllegalStateException("bounce round " + round + " took " + held.size() + " of the "
                                    + waiting + " messages waiting on " + subject("in"));
                        }
                        held.forEach(Message::nak);
                        connection.flush(Duration.ofSeconds(5));
                    }
                } finally {
                    sub.unsubscribe();
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (JetStreamApiException | TimeoutException e) {
                throw new IllegalStateException("could not bounce the input of " + stream, e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }

        @Override
        public void close() {
            try {
                outputs.unsubscribe();
                deadLetters.unsubscribe();
            } catch (RuntimeException ignored) {
                // the stream goes anyway
            }
            LocalNats.deleteStream(connection, stream);
            if (!outputStream.equals(stream)) {
                LocalNats.deleteStream(connection, outputStream);
            }
        }
    }
}
