package io.asyncservice.sidecar.nats;

import io.asyncservice.api.v1alpha1.NatsSpec;
import io.nats.client.JetStreamApiException;
import io.nats.client.JetStreamManagement;
import io.nats.client.api.AckPolicy;
import io.nats.client.api.ConsumerConfiguration;
import io.nats.client.api.ConsumerInfo;
import java.io.IOException;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds the input's durable pull consumer, or creates it with explicit acks. An existing consumer is used as it is (its
 * ack wait sets the lease heartbeat); one the sidecar cannot work with (a push consumer, or acks that are not explicit)
 * is an error that names it.
 */
final class NatsConsumerSetup {

    /** The ack wait of a consumer the sidecar creates; in-progress acks every third of it keep long work leased. */
    static final Duration DEFAULT_ACK_WAIT = Duration.ofSeconds(30);
    /** Room for many replicas at the given concurrency; the server's own default is 1000. */
    static final long MIN_MAX_ACK_PENDING = 1000;
    static final int REPLICA_HEADROOM = 20;

    private static final int CONSUMER_NOT_FOUND = 10014;
    private static final int STREAM_NOT_FOUND = 10059;
    private static final Logger LOG = LoggerFactory.getLogger(NatsConsumerSetup.class);

    private final JetStreamManagement jsm;

    NatsConsumerSetup(JetStreamManagement jsm) {
        this.jsm = jsm;
    }

    /** The consumer's settings, after creating it if it did not exist. */
    ConsumerConfiguration ensure(NatsSpec spec, int concurrency) {
        String stream = spec.getStream();
        String consumer = spec.getConsumer();
        if (stream == null || stream.isBlank()) {
            throw new IllegalArgumentException("input.nats.stream is required");
        }
        if (consumer == null || consumer.isBlank()) {
            throw new IllegalArgumentException("input.nats.consumer is required: the sidecar reads through a durable pull consumer");
        }
        try {
            ConsumerConfiguration existing = jsm.getConsumerInfo(stream, consumer).getConsumerConfiguration();
            return checked(existing, spec, concurrency);
        } catch (JetStreamApiException e) {
            if (e.getApiErrorCode() == STREAM_NOT_FOUND) {
                throw new IllegalStateException("the JetStream stream " + stream + " (input.nats.stream) does not exist", e);
            }
            if (e.getApiErrorCode() != CONSUMER_NOT_FOUND) {
                throw new IllegalStateException("could not look up consumer " + consumer + " on stream " + stream + ": "
                        + e.getMessage(), e);
            }
        } catch (IOException e) {
            throw new IllegalStateException("could not look up consumer " + consumer + " on stream " + stream + ": " + e, e);
        }
        return create(spec, concurrency);
    }

    private ConsumerConfiguration create(NatsSpec spec, int concurrency) {
        ConsumerConfiguration.Builder config = ConsumerConfiguration.builder()
                .durable(spec.getConsumer())
                .ackPolicy(AckPolicy.Explicit)
                .ackWait(DEFAULT_ACK_WAIT)
                .maxAckPending(Math.max(MIN_MAX_ACK_PENDING, (long) concurrency * REPLICA_HEADROOM));
        if (spec.getSubject() != null && !spec.getSubject().isBlank()) {
            config.filterSubject(spec.getSubject());
        }
        try {
            // addOrUpdate with the same settings is idempotent, so replicas starting together all succeed.
            ConsumerInfo info = jsm.addOrUpdateConsumer(spec.getStream(), config.build());
            LOG.info("created durable pull consumer {} on stream {} (ack wait {}, max ack pending {})", spec.getConsumer(),
                    spec.getStream(), DEFAULT_ACK_WAIT, info.getConsumerConfiguration().getMaxAckPending());
            return info.getConsumerConfiguration();
        } catch (IOException | JetStreamApiException e) {
            throw new IllegalStateException("could not create consumer " + spec.getConsumer() + " on stream " + spec.getStream()
                    + ": " + e.getMessage(), e);
        }
    }

    private static ConsumerConfiguration checked(ConsumerConfiguration config, NatsSpec spec, int concurrency) {
        String name = "consumer " + spec.getConsumer() + " on stream " + spec.getStream();
        if (config.getDeliverSubject() != null) {
            throw new IllegalStateException(name + " is a push consumer; the sidecar needs a pull consumer");
        }
        if (config.getAckPolicy() != AckPolicy.Explicit) {
            throw new IllegalStateException(name + " has ack policy " + config.getAckPolicy()
                    + "; the sidecar needs explicit acks so that nothing is removed before its output is written");
        }
        if (spec.getSubject() != null && !spec.getSubject().isBlank() && !spec.getSubject().equals(config.getFilterSubject())) {
            LOG.warn("{} filters {} but input.nats.subject is {}; the consumer is used as it is", name,
                    config.getFilterSubject(), spec.getSubject());
        }
        long maxAckPending = config.getMaxAckPending();
        if (maxAckPending > 0 && maxAckPending < concurrency) {
            LOG.warn("{} allows only {} unacknowledged messages, fewer than the concurrency {}", name, maxAckPending, concurrency);
        }
        return config;
    }
}
