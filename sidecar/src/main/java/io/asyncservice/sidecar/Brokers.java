package io.asyncservice.sidecar;

import io.asyncservice.api.v1alpha1.BrokerKind;
import io.asyncservice.sidecar.amqp.AmqpConnector;
import io.asyncservice.sidecar.broker.BrokerConnector;
import io.asyncservice.sidecar.kafka.KafkaConnector;
import io.asyncservice.sidecar.nats.NatsConnector;
import io.asyncservice.sidecar.sqs.SqsConnector;

/**
 * The sidecar's one registry of broker kinds: the connector of each. Adding a broker is one package plus one
 * alphabetical case here; what needs no client is in the kind's descriptor ({@code BrokerKind.descriptor()}).
 */
public final class Brokers {

    private Brokers() {
    }

    public static BrokerConnector connector(BrokerKind kind) {
        return switch (kind) {
            case AMQP -> new AmqpConnector();
            case KAFKA -> new KafkaConnector();
            case NATS -> new NatsConnector();
            case SQS -> new SqsConnector();
        };
    }
}
