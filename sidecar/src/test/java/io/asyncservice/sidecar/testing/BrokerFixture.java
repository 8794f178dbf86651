package io.asyncservice.sidecar.testing;

import io.asyncservice.api.v1alpha1.BrokerSpec;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * One real broker, as {@link AbstractDeliveryIT} needs it. Implement this (plus a one-line subclass of
 * AbstractDeliveryIT) to run the whole delivery contract against another broker.
 */
public interface BrokerFixture extends AutoCloseable {

    /** A short name for logs and messages, e.g. {@code sqs}. */
    String name();

    /**
     * Creates fresh input, output and dead-letter queues (streams, topics...) with unique names. {@code lease} is how
     * long the input leases a message before redelivering it (SQS visibility timeout, JetStream ack wait...); tests
     * use a short one to prove the heartbeat.
     */
    Queues createQueues(Duration lease);

    /**
     * Whether the broker's delivery count grows when a message is redelivered (SQS ApproximateReceiveCount, JetStream
     * NumDelivered: true; a Kafka offset or a classic RabbitMQ queue: false).
     */
    boolean countsRedeliveries();

    /** Stops what {@link #close()} should; the default does nothing (shared brokers stay up for the JVM). */
    @Override
    default void close() {
    }

    /** One test's queues. Closing deletes them. */
    interface Queues extends AutoCloseable {

        BrokerSpec input();

        BrokerSpec output();

        BrokerSpec deadLetter();

        /** Environment variables the sidecar needs for these queues, e.g. credentials as secret variables. */
        Map<String, String> sidecarEnv();

        /** Publishes each message to the input with its request id in the broker's id attribute, header or key. */
        void publish(List<TestMessage> messages);

        /** Takes (and removes) what has arrived on the output, waiting up to {@code maxWait} when nothing has yet. */
        List<ReceivedMessage> takeOutputs(Duration maxWait);

        /** Takes (and removes) what has arrived on the dead-letter queue, waiting up to {@code maxWait}. */
        List<ReceivedMessage> takeDeadLetters(Duration maxWait);

        /** The input's backlog as the broker itself reports it. */
        InputBacklog inputBacklog();

        @Override
        void close();
    }

    /** A message to publish. {@code contentType} may be null. */
    record TestMessage(String requestId, String body, String contentType) {
    }

    /**
     * A message read from an output or dead-letter queue.
     *
     * @param requestId the request id the broker carried as key, attribute or header (not the one in the body)
     * @param body the payload
     * @param headers the broker's headers or attributes, lower-case names
     */
    record ReceivedMessage(String requestId, byte[] body, Map<String, String> headers) {

        public String bodyText() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    /**
     * The input's backlog.
     *
     * @param waiting messages nobody holds: visible, ready, or (Kafka) not yet committed
     * @param inFlight messages delivered and not yet acked (0 where the broker cannot tell)
     */
    record InputBacklog(long waiting, long inFlight) {

        public long total() {
            return waiting + inFlight;
        }
    }
}
