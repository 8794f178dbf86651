package io.asyncservice.sidecar;

import static org.assertj.core.api.Assertions.assertThat;

import io.asyncservice.api.v1alpha1.BrokerKind;
import io.asyncservice.sidecar.amqp.AmqpConnector;
import io.asyncservice.sidecar.kafka.KafkaConnector;
import io.asyncservice.sidecar.nats.NatsConnector;
import io.asyncservice.sidecar.sqs.SqsConnector;
import org.junit.jupiter.api.Test;

class BrokersTest {

    @Test
    void everyBrokerKindHasItsConnector() {
        assertThat(Brokers.connector(BrokerKind.AMQP)).isInstanceOf(AmqpConnector.class);
        assertThat(Brokers.connector(BrokerKind.KAFKA)).isInstanceOf(KafkaConnector.class);
        assertThat(Brokers.connector(BrokerKind.NATS)).isInstanceOf(NatsConnector.class);
        assertThat(Brokers.connector(BrokerKind.SQS)).isInstanceOf(SqsConnector.class);
    }
}
