package io.asyncservice.bench.nats;

import io.asyncservice.api.v1alpha1.BrokerSpec;
import io.asyncservice.api.v1alpha1.NatsSpec;
import io.asyncservice.bench.broker.Lane;
import io.asyncservice.bench.broker.Rate;
import io.asyncservice.bench.broker.RateClock;
import io.asyncservice.testing.LocalNats;
import io.asyncservice.testing.UniqueNames;
import io.nats.client.ConsumeOptions;
import io.nats.client.Connection;
import io.nats.client.ConsumerContext;
import io.nats.client.MessageConsumer;
import io.nats.client.JetStream;
import io.nats.client.JetStreamApiException;
import io.nats.client.JetStreamManagement;
import io.nats.client.JetStreamSubscription;
import io.nats.client.Message;
import io.nats.client.PullSubscribeOptions;
import io.nats.client.api.AckPolicy;
import io.nats.client.api.ConsumerConfiguration;
import io.nats.client.api.PublishAck;
import io.nats.client.impl.Headers;
import io.nats.client.impl.NatsMessage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Two file-backed streams, one for the input subject and one for the output subject, so that each can be counted
 * alone. The sidecar reads the input through the durable pull consumer {@link #SIDECAR_CONSUMER}, which it creates.
 * The broker limit is a durable consumer of its own, read with jnats's pipelined {@code consume} at a batch of
 * {@code c}, acking each message.
 */
final class NatsLane implements Lane {

    static final String SIDECAR_CONSUMER = "sidecar";

    private final Connection connection;
    private final JetStream js;
    private final JetStreamManagement jsm;
    private final String name = UniqueNames.of("bench-nats");
    private final String inputStream;
    private final String outputStream;
    private final String inputSubject = name + ".in";
    private final String outputSubject = name + ".out";
    private JetStreamSubscription relay;
    /** The consumer whose backlog {@link #inputBacklog()} reports: the sidecar's, or the plain client's or relay's after it ran. */
    private String countedConsumer = SIDECAR_CONSUMER;
    private JetStreamSubscription outputReader;

    NatsLane(Connection connection) {
        this.connection = connection;
        String base = name.toUpperCase(Locale.ROOT).replaceAll("[^A-Z0-9_-]", "_");
        this.inputStream = base + "_IN";
        this.outputStream = base + "_OUT";
        try {
            this.js = connection.jetStream();
            this.jsm = connection.jetStreamManagement();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        LocalNats.createStream(connection, inputStream, inputSubject);
        LocalNats.createStream(connection, outputStream, outputSubject);
    }

    @Override
    public BrokerSpec input() {
        NatsSpec n = spec(inputStream, inputSubject);
        n.setConsumer(SIDECAR_CONSUMER);
        BrokerSpec b = new BrokerSpec();
        b.setNats(n);
        return b;
    }

    @Override
    public BrokerSpec output() {
        BrokerSpec b = new BrokerSpec();
        b.setNats(spec(outputStream, outputSubject));
        return b;
    }

    private static NatsSpec spec(String stream, String subject) {
        NatsSpec n = new NatsSpec();
        n.setServers(List.of(LocalNats.URL));
        n.setStream(stream);
        n.setSubject(subject);
        return n;
    }

    @Override
    public Map<String, String> sidecarEnv() {
        return Map.of();
    }

    @Override
    public void publish(int count, String requestIdPrefix) {
        List<CompletableFuture<PublishAck>> acks = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            Headers headers = new Headers().add("X-Request-Id", requestIdPrefix + i).add("Content-Type", "application/json");
            acks.add(js.publishAsync(NatsMessage.builder().subject(inputSubject).headers(headers)
                    .data(("{\"i\":" + i + "}").getBytes(StandardCharsets.UTF_8)).build()));
        }
        for (CompletableFuture<PublishAck> ack : acks) {
            try {
                ack.get(30, TimeUnit.SECONDS);
            } catch (Exception e) {
                throw new IllegalStateException("JetStream did not accept a message", e);
            }
        }
    }

    private JetStreamSubscription pull(String stream, String subject, String durable) {
        try {
            return js.subscribe(subject, PullSubscribeOptions.builder().stream(stream).configuration(
                    ConsumerConfiguration.builder().durable(durable).filterSubject(subject).ackPolicy(AckPolicy.Explicit)
                            .ackWait(Duration.ofSeconds(30)).build()).build());
        } catch (IOException | JetStreamApiException e) {
            throw new IllegalStateException("cannot create the pull consumer " + durable + " on " + stream, e);
        }
    }

    /**
     * jnats's own pipelined consumer ({@code ConsumerContext.consume}) with a batch of {@code c}, acking each message
     * in the handler: it keeps pull requests outstanding, as a plain client at its best would.
     */
    @Override
    public Rate consumeAndAck(int concurrency, int count, Duration timeout) {
        RateClock clock = new RateClock();
        CountDownLatch done = new CountDownLatch(1);
        countedConsumer = "limit";
        try {
            ConsumerContext consumer = connection.getStreamContext(inputStream).createOrUpdateConsumer(
                    ConsumerConfiguration.builder().durable(countedConsumer).filterSubject(inputSubject)
                            .ackPolicy(AckPolicy.Explicit).ackWait(Duration.ofSeconds(30)).build());
            try (MessageConsumer running = consumer.consume(ConsumeOptions.builder().batchSize(concurrency).build(), m -> {
                m.ack();
                if (clock.add(1) >= count) {
                    done.countDown();
                }
            })) {
                done.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
                running.stop();
            }
            connection.flush(Duration.ofSeconds(10));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            throw new IllegalStateException("the plain JetStream consumer failed", e);
        }
        return clock.rate();
    }

    @Override
    public boolean relayOne(Duration timeout, Runnable handle) {
        if (relay == null) {
            relay = pull(inputStream, inputSubject, "relay");
            countedConsumer = "relay";
        }
        List<Message> got = relay.fetch(1, timeout);
        if (got.isEmpty()) {
            return false;
        }
        Message m = got.get(0);
        handle.run();
        try {
            js.publish(NatsMessage.builder().subject(outputSubject).headers(m.getHeaders()).data(m.getData()).build());
        } catch (IOException | JetStreamApiException e) {
            throw new IllegalStateException("JetStream did not accept the output", e);
        }
        m.ack();
        return true;
    }

    @Override
    public boolean takeOutput(Duration timeout) {
        if (outputReader == null) {
            outputReader = pull(outputStream, outputSubject, "reader");
        }
        List<Message> got = outputReader.fetch(1, timeout);
        got.forEach(Message::ack);
        return !got.isEmpty();
    }

    @Override
    public long outputCount() {
        return messages(outputStream);
    }

    /**
     * Pending plus unacknowledged messages of the consumer that read the input (the sidecar's, or the plain client's
     * after {@link #consumeAndAck}); the whole stream if that consumer does not exist yet.
     */
    @Override
    public long inputBacklog() {
        try {
            var info = jsm.getConsumerInfo(inputStream, countedConsumer);
            return info.getNumPending() + info.getNumAckPending();
        } catch (JetStreamApiException e) {
            return messages(inputStream);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private long messages(String stream) {
        try {
            return jsm.getStreamInfo(stream).getStreamState().getMsgCount();
        } catch (IOException | JetStreamApiException e) {
            throw new IllegalStateException("cannot read stream " + stream, e);
        }
    }

    @Override
    public void close() {
        for (JetStreamSubscription s : new JetStreamSubscription[] {relay, outputReader}) {
            if (s != null) {
                try {
                    s.unsubscribe();
                } catch (RuntimeException ignored) {
                    // the stream goes anyway
                }
            }
        }
        LocalNats.deleteStream(connection, inputStream);
        LocalNats.deleteStream(connection, outputStream);
    }
}
