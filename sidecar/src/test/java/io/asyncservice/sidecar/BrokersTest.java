package io.asyncservice.sidecar;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.asyncservice.api.v1alpha1.BrokerKind;
import io.asyncservice.sidecar.kafka.KafkaConnector;
import io.asyncservice.sidecar.sqs.SqsConnector;
import org.junit.jupiter.api.Test;

class BrokersTest {

    @Test
    void sqsIsBuiltIn() {
        assertThat(Brokers.connector(BrokerKind.SQS)).isInstanceOf(SqsConnector.class);
    }

    @Test
    void kafkaIsBuiltIn() {
        assertThat(Brokers.connector(BrokerKind.KAFKA)).isInstanceOf(KafkaConnector.class);
    }

    @Test
    void aBrokerNotBuiltInSaysSo() {
        assertThatThrownBy(() -> Brokers.connector(BrokerKind.NATS)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("nats broker is not built into this sidecar");
    }
}
