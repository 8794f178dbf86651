package io.asyncservice.sidecar.testing;

import io.asyncservice.api.v1alpha1.BrokerSpec;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

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

    /**
     * Whether a request id may hold any character, line breaks included (an SQS attribute, a Kafka key, an AMQP header:
     * true; a NATS header cannot hold CR or LF: false).
     */
    default boolean carriesAnyRequestId() {
        return true;
    }

    /**
     * Creates queues as {@link #createQueues} does, except that the broker refuses every output message over about
     * {@code maxOutputBytes}: for tests of what the sidecar does with an output no retry can write. Returns the queues
     * with the limit the output really enforces, or empty where the broker cannot limit one queue (the default; RabbitMQ
     * has only a node-wide {@code max_message_size}). Where the limit is the broker's own and cannot be set (SQS), the
     * queues are plain and that limit is returned, whatever {@code maxOutputBytes} asked for. A fixture may refuse a
     * limit too small for its broker with an IllegalArgumentException (Kafka: under 32 KiB).
     */
    default Optional<LimitedQueues> createQueuesWithOutputLimit(Duration lease, int maxOutputBytes) {
        return Optional.empty();
    }

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

        /**
         * Receives every message now waiting in the input with the fixture's own plain client and gives each back
         * unprocessed, {@code times} times over, so that the broker's delivery count of each rises by {@code times}:
         * the sidecar's next delivery of it counts {@code times + 1}, and the app was never called. Fails when a round
         * cannot take every message that was waiting within seconds. A no-op where the broker counts no deliveries
         * ({@link BrokerFixture#countsRedeliveries()} false).
         */
        void bounceInputs(int times);

        @Override
        void close();
    }

    /**
     * Queues whose output refuses messages over a limit.
     *
     * @param queues the queues; closing them deletes them, as any others
     * @param outputLimitBytes the largest output message the broker stores, give or take its own framing (headers,
     *     attributes, batch overhead): keep test messages well clear of it, on either side
     */
    record LimitedQueues(Queues queues, int outputLimitBytes) {
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
