package io.asyncservice.sandbox.broker;

import io.asyncservice.testing.LocalNats;
import io.nats.client.Connection;
import io.nats.client.JetStream;
import io.nats.client.JetStreamApiException;
import io.nats.client.JetStreamSubscription;
import io.nats.client.Message;
import io.nats.client.PullSubscribeOptions;
import io.nats.client.api.ConsumerConfiguration;
import io.nats.client.impl.Headers;
import io.nats.client.impl.NatsMessage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * NATS JetStream: this machine's nats-server (127.0.0.1:4222), with one stream per AsyncService over the subjects
 * {@code <name>.jobs}, {@code <name>.results} and {@code <name>.dead}. The request id is the {@code X-Request-Id}
 * header. The server is shared with other users of the machine, so every name is unique and deleted afterwards.
 */
public final class NatsSandboxBroker implements SandboxBroker {

    private final Connection connection;
    private final JetStream jetStream;
    /** Per AsyncService: one reader on its output subject and one on its dead-letter subject, never on its input. */
    private final Map<String, List<JetStreamSubscription>> readers = new ConcurrentHashMap<>();

    private NatsSandboxBroker(Connection connection) throws IOException {
        this.connection = connection;
        this.jetStream = connection.jetStream();
    }

    public static NatsSandboxBroker start() {
        try {
            return new NatsSandboxBroker(LocalNats.connect());
        } catch (IOException e) {
            throw new IllegalStateException("cannot use JetStream on " + LocalNats.URL, e);
        }
    }

    @Override
    public String kind() {
        return "nats";
    }

    static String stream(String name) {
        return name.toUpperCase(Locale.ROOT).replaceAll("[^A-Z0-9_-]", "_");
    }

    @Override
    public Map<String, String> provision(String name) {
        // The machine's NATS outlives the sandbox: start from an empty stream, so an earlier run's results are not counted.
        deleteStreamIfPresent(stream(name));
        LocalNats.createStream(connection, stream(name), name + ".jobs", name + ".results", name + ".dead");
        Map<String, String> values = new HashMap<>(SandboxBroker.common(name));
        values.put("NATS_URL", LocalNats.URL);
        values.put("STREAM", stream(name));
        values.put("INPUT_SUBJECT", name + ".jobs");
        values.put("OUTPUT_SUBJECT", name + ".results");
        values.put("DEAD_LETTER_SUBJECT", name + ".dead");
        values.put("CONSUMER", name + "-workers");
        return values;
    }

    private void deleteStreamIfPresent(String stream) {
        try {
            connection.jetStreamManagement().deleteStream(stream);
        } catch (JetStreamApiException e) {
            if (e.getErrorCode() != 404) {
                throw new IllegalStateException("cannot delete the stream " + stream + " left by an earlier run", e);
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot reach JetStream on " + LocalNats.URL, e);
        }
    }

    @Override
    public void send(String name, Map<String, String> bodiesByRequestId) {
        try {
            for (Map.Entry<String, String> m : bodiesByRequestId.entrySet()) {
                Headers headers = new Headers().add("X-Request-Id", m.getKey()).add("Content-Type", "application/json");
                jetStream.publish(NatsMessage.builder().subject(name + ".jobs").headers(headers)
                        .data(m.getValue().getBytes(StandardCharsets.UTF_8)).build());
            }
        } catch (IOException | JetStreamApiException e) {
            throw new IllegalStateException("JetStream did not accept a message", e);
        }
    }

    @Override
    public List<BrokerMessage> receive(String name, Duration wait) {
        List<JetStreamSubscription> subscriptions = readers.computeIfAbsent(name,
                n -> List.of(reader(n, "results"), reader(n, "dead")));
        Duration each = wait.isZero() ? Duration.ofMillis(100) : wait.dividedBy(subscriptions.size());
        List<BrokerMessage> out = new ArrayList<>();
        for (JetStreamSubscription reader : subscriptions) {
            for (Message m : reader.fetch(256, each)) {
                out.add(SandboxBroker.parse(new String(m.getData(), StandardCharsets.UTF_8), m.getSubject().endsWith(".dead")));
                m.ack();
            }
        }
        return out;
    }

    /** A durable pull consumer on one subject; nats-server before 2.10 takes one filter subject per consumer. */
    private JetStreamSubscription reader(String name, String suffix) {
        String subject = name + "." + suffix;
        try {
            return jetStream.subscribe(subject, PullSubscribeOptions.builder().stream(stream(name))
                    .configuration(ConsumerConfiguration.builder().durable(name + "-sandbox-" + suffix)
                            .filterSubject(subject).build())
                    .build());
        } catch (IOException | JetStreamApiException e) {
            throw new IllegalStateException("cannot read " + subject + " on stream " + stream(name), e);
        }
    }

    @Override
    public void deprovision(String name) {
        List<JetStreamSubscription> subscriptions = readers.remove(name);
        if (subscriptions != null) {
            subscriptions.forEach(JetStreamSubscription::unsubscribe);
        }
        LocalNats.deleteStream(connection, stream(name));
    }

    @Override
    public void close() {
        try {
            connection.close();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
