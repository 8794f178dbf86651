package io.asyncservice.sidecar.nats;

import io.asyncservice.api.sidecar.QueueRole;
import io.asyncservice.api.v1alpha1.BrokerSpec;
import io.asyncservice.api.v1alpha1.DeliverySpec;
import io.asyncservice.api.v1alpha1.NatsSpec;
import io.asyncservice.sidecar.broker.BrokerConnector;
import io.asyncservice.sidecar.broker.MessageSink;
import io.asyncservice.sidecar.broker.MessageSource;
import io.asyncservice.sidecar.broker.SecretSource;
import io.nats.client.Connection;
import io.nats.client.JetStream;
import io.nats.client.JetStreamApiException;
import io.nats.client.JetStreamOptions;
import io.nats.client.JetStreamSubscription;
import io.nats.client.PullSubscribeOptions;
import io.nats.client.api.ConsumerConfiguration;
import java.io.IOException;
import java.time.Duration;

/**
 * NATS JetStream: the input through a durable pull consumer with explicit acks, outputs through JetStream publishes
 * that wait for the stream's ack. Each source and sink has its own connection.
 */
public final class NatsConnector implements BrokerConnector {

    static final Duration API_TIMEOUT = Duration.ofSeconds(10);

    public NatsConnector() {
    }

    @Override
    public MessageSource openSource(BrokerSpec spec, DeliverySpec delivery, SecretSource secrets) {
        NatsSpec nats = natsOf(spec, QueueRole.INPUT);
        int concurrency = delivery.getConcurrency() == null ? 1 : delivery.getConcurrency();
        NatsConnectionEvents events = new NatsConnectionEvents(QueueRole.INPUT);
        Connection connection = NatsConnections.connect(nats, QueueRole.INPUT, secrets, events);
        try {
            JetStreamOptions jsOptions = JetStreamOptions.builder().requestTimeout(API_TIMEOUT).build();
            ConsumerConfiguration consumer = new NatsConsumerSetup(connection.jetStreamManagement(jsOptions))
                    .ensure(nats, concurrency);
            JetStream js = connection.jetStream(jsOptions);
            JetStreamSubscription subscription = js.subscribe(null,
                    PullSubscribeOptions.fastBind(nats.getStream(), nats.getConsumer()));
            Duration ackWait = consumer.getAckWait() == null ? NatsConsumerSetup.DEFAULT_ACK_WAIT : consumer.getAckWait();
            return new NatsMessageSource(connection, subscription, ackWait, events);
        } catch (IOException | JetStreamApiException | RuntimeException e) {
            closeQuietly(connection);
            if (e instanceof RuntimeException re) {
                throw re;
            }
            throw new IllegalStateException("could not subscribe to consumer " + nats.getConsumer() + " on stream "
                    + nats.getStream() + ": " + e.getMessage(), e);
        }
    }

    @Override
    public MessageSink openSink(BrokerSpec spec, QueueRole role, SecretSource secrets) {
        NatsSpec nats = natsOf(spec, role);
        if (nats.getSubject() == null || nats.getSubject().isBlank()) {
            throw new IllegalArgumentException(role.field() + ".nats.subject is required: the subject published to");
        }
        if (nats.getStream() == null || nats.getStream().isBlank()) {
            throw new IllegalArgumentException(role.field() + ".nats.stream is required");
        }
        Connection connection = NatsConnections.connect(nats, role, secrets, new NatsConnectionEvents(role));
        try {
            JetStream js = connection.jetStream(JetStreamOptions.builder().requestTimeout(API_TIMEOUT).build());
            return new NatsMessageSink(connection, js, nats.getStream(), nats.getSubject(), role);
        } catch (IOException | RuntimeException e) {
            closeQuietly(connection);
            throw new IllegalStateException("could not open JetStream for the " + role.field() + ": " + e.getMessage(), e);
        }
    }

    private static NatsSpec natsOf(BrokerSpec spec, QueueRole role) {
        if (spec == null || spec.getNats() == null) {
            throw new IllegalArgumentException(role.field() + ".nats is not set");
        }
        return spec.getNats();
    }

    private static void closeQuietly(Connection connection) {
        try {
            connection.close();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
