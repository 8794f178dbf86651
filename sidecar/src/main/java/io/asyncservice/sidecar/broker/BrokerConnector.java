package io.asyncservice.sidecar.broker;

import io.asyncservice.api.sidecar.QueueRole;
import io.asyncservice.api.v1alpha1.BrokerSpec;
import io.asyncservice.api.v1alpha1.DeliverySpec;

/**
 * Opens sources and sinks on one kind of broker. One implementation per broker package
 * ({@code sqs.SqsConnector}, {@code kafka.KafkaConnector}, {@code nats.NatsConnector}, {@code amqp.AmqpConnector}).
 */
public interface BrokerConnector {

    /** Opens the input queue; {@code delivery.concurrency} bounds how many messages may be in flight. */
    MessageSource openSource(BrokerSpec spec, DeliverySpec delivery, SecretSource secrets);

    /** Opens an output or dead-letter queue. */
    MessageSink openSink(BrokerSpec spec, QueueRole role, SecretSource secrets);

    /**
     * The most bytes a source holds beyond the messages in flight (fetched but not yet handed out), which the memory
     * plan sets aside from the heap; 0 for brokers that hand out only what was asked for.
     */
    default long bufferedInputBytes() {
        return 0;
    }
}
