package io.asyncservice.sidecar;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.asyncservice.api.v1alpha1.BrokerKind;
import io.asyncservice.sidecar.amqp.AmqpConnector;
import io.asyncservice.sidecar.nats.NatsConnector;
import io.asyncservice.sidecar.sqs.SqsConnector;
import org.junit.jupiter.api.Test;

class BrokersTest {

    @Test
    void sqsIsBuiltIn() {
        assertThat(Brokers.connector(BrokerKind.SQS)).isInstanceOf(SqsConnector.class);
    }

    @Test
    void natsAndAmqpAreBuiltIn() {
        assertThat(Brokers.connector(BrokerKind.NATS)).isInstanceOf(NatsConnector.class);
        assertThat(Brokers.connector(BrokerKind.AMQP)).isInstanceOf(AmqpConnector.class);
    }

    @Test
    void aBrokerNotBuiltInSaysSo() {
        assertThatThrownBy(() -> Brokers.connector(BrokerKind.KAFKA)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("kafka broker is not built into this sidecar");
    }
}
