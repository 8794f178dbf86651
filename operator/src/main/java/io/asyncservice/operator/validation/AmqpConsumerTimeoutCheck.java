package io.asyncservice.operator.validation;

import io.asyncservice.api.sidecar.AmqpConsumerTimeoutRule;
import io.asyncservice.api.v1alpha1.AsyncServiceSpec;
import java.util.List;

/**
 * RabbitMQ has no lease, so an AMQP input's consumerTimeout must leave room for one attempt (endpoint.timeout) and the
 * settling after it; the sidecar releases a message rather than start an attempt that could not end in time. The rule is
 * {@link AmqpConsumerTimeoutRule}, the one the sidecar applies at start, so the two cannot disagree.
 */
final class AmqpConsumerTimeoutCheck {

    private AmqpConsumerTimeoutCheck() {
    }

    static void check(AsyncServiceSpec spec, List<ValidationProblem> problems) {
        AmqpConsumerTimeoutRule.check("spec.", spec.getInput(), spec.getEndpoint())
                .ifPresent(message -> problems.add(new ValidationProblem(ValidationProblem.CONSUMER_TIMEOUT_TOO_SHORT, message)));
    }
}
