package io.asyncservice.api.sidecar;

import io.asyncservice.api.v1alpha1.AmqpSpec;
import io.asyncservice.api.v1alpha1.BrokerSpec;
import io.asyncservice.api.v1alpha1.Durations;
import io.asyncservice.api.v1alpha1.EndpointSpec;
import java.time.Duration;
import java.util.Optional;

/**
 * One attempt must fit in the broker's consumer timeout: {@code endpoint.timeout + SETTLE_ALLOWANCE <
 * input.amqp.consumerTimeout}. The operator (Valid condition, reason ConsumerTimeoutTooShort) and the sidecar (at
 * start) apply this one rule.
 *
 * <p>RabbitMQ has no lease to extend: a delivery stays with the sidecar until it is acked, or until the broker's
 * {@code consumer_timeout} runs out, when RabbitMQ closes the whole channel and requeues every unacked delivery on it,
 * while the app may still work on them, and makes their acks impossible. So no delivery may be held past
 * {@code input.amqp.consumerTimeout}.
 *
 * <p>The sidecar does not hold a delivery across all its attempts. Before each retry, and before each backoff wait, it
 * checks that the next attempt could still end within {@code consumerTimeout - SETTLE_ALLOWANCE} of the delivery's
 * receipt; when it could not, it releases the message (nack with requeue) instead of starting that attempt, and the
 * next delivery of the same message goes on counting its attempts where the last one stopped (in the same sidecar
 * process; after a restart they start again at 1), so {@code delivery.maxAttempts} still bounds them. What the
 * configuration must guarantee is therefore only that one attempt, started as soon as the delivery arrives, ends in
 * time:
 * <ul>
 *   <li>{@code endpoint.timeout}: the attempt, bounded by the request timeout;</li>
 *   <li>{@link #SETTLE_ALLOWANCE}: everything else, before and after it.</li>
 * </ul>
 * Neither {@code delivery.maxAttempts} nor {@code delivery.backoff} enters the rule.
 */
public final class AmqpConsumerTimeoutRule {

    /**
     * The time a delivery is held outside the app's attempt: up to about 6 s in the AMQP source's buffer before the
     * engine takes it (the source hands back what nobody asked for within 5 s), then, after the attempt, writing the
     * output or dead letter and settling: one publish of up to 3 tries of 30 s (the publish timeout) with 1 s of pauses,
     * 91 s. 97 s in all, rounded up to 2 minutes for the ack to reach the broker and for pauses of the JVM.
     *
     * <p>This is a promise the sidecar's engine must keep: whatever follows an attempt (publishes, fallbacks, pauses
     * before a release or reject) must end within it, and it starts an attempt only when that attempt plus this
     * allowance still ends before {@code consumerTimeout} from the delivery's receipt. A delivery held past the broker's
     * timeout costs more than itself: RabbitMQ closes the whole channel, and every other delivery on it is requeued too.
     */
    public static final Duration SETTLE_ALLOWANCE = Duration.ofMinutes(2);

    private AmqpConsumerTimeoutRule() {
    }

    /** The longest one attempt can keep a delivery unacked in the sidecar; see the class comment. */
    public static Duration longestHold(Duration endpointTimeout) {
        return endpointTimeout.plus(SETTLE_ALLOWANCE);
    }

    /**
     * Applies the rule to a configuration as written, with the API's defaults for unset fields.
     *
     * @param prefix put before each field name in the message: {@code "spec."} in the operator, {@code ""} in the sidecar
     * @return what is wrong and what to change; empty when it fits, when the input is not AMQP, or when one of the fields
     *         is not valid (a duration that does not parse, an endpoint timeout of 0), which the callers report on their
     *         own
     */
    public static Optional<String> check(String prefix, BrokerSpec input, EndpointSpec endpoint) {
        if (input == null || input.kindCount() != 1 || input.getAmqp() == null) {
            return Optional.empty();
        }
        Duration consumerTimeout;
        Duration endpointTimeout;
        try {
            consumerTimeout = parse(input.getAmqp().getConsumerTimeout(), new AmqpSpec().getConsumerTimeout());
            endpointTimeout = parse(endpoint == null ? null : endpoint.getTimeout(), new EndpointSpec().getTimeout());
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        if (endpointTimeout.isZero()) {
            return Optional.empty();
        }
        return check(prefix, consumerTimeout, endpointTimeout);
    }

    /**
     * Applies the rule to parsed values.
     *
     * @return what is wrong and what to change, naming the fields with {@code prefix}; empty when one attempt fits
     */
    public static Optional<String> check(String prefix, Duration consumerTimeout, Duration endpointTimeout) {
        Duration hold = longestHold(endpointTimeout);
        if (hold.compareTo(consumerTimeout) < 0) {
            return Optional.empty();
        }
        String consumerTimeoutField = prefix + "input.amqp.consumerTimeout";
        String endpointTimeoutField = prefix + "endpoint.timeout";
        StringBuilder m = new StringBuilder()
                .append(consumerTimeoutField).append(" is ").append(Durations.format(consumerTimeout))
                .append(", but one attempt may hold a message unacknowledged for up to ").append(Durations.format(hold))
                .append(": ").append(endpointTimeoutField).append(' ').append(Durations.format(endpointTimeout))
                .append(" + ").append(Durations.format(SETTLE_ALLOWANCE)).append(" to write the output and ack. RabbitMQ would ")
                .append("close the channel at ").append(Durations.format(consumerTimeout))
                .append(" and deliver the message again while the app still works on it. ");
        // timeout + SETTLE_ALLOWANCE < consumerTimeout; an endpoint timeout is at least 1ms
        Duration timeoutBound = consumerTimeout.minus(SETTLE_ALLOWANCE);
        if (timeoutBound.toMillis() > 1) {
            m.append("Lower ").append(endpointTimeoutField).append(" below ").append(Durations.format(timeoutBound))
                    .append(", or raise");
        } else {
            m.append("Raise");
        }
        m.append(" consumer_timeout on the broker (or the queue's x-consumer-timeout) above ").append(Durations.format(hold))
                .append(" and set ").append(consumerTimeoutField).append(" to it");
        return Optional.of(m.toString());
    }

    private static Duration parse(String text, String fallback) {
        return Durations.parse("", text == null ? fallback : text);
    }
}
