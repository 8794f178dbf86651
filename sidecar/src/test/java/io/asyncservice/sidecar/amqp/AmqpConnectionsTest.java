package io.asyncservice.sidecar.amqp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.client.RecoveryDelayHandler;
import io.asyncservice.api.sidecar.QueueRole;
import io.asyncservice.clients.amqp.AmqpConnectionFactories;
import io.asyncservice.sidecar.testing.TestingSecrets;
import org.junit.jupiter.api.Test;

/** What the sidecar adds to the shared factory (broker-clients' AmqpConnectionFactoriesTest covers the URI and TLS). */
class AmqpConnectionsTest {

    @Test
    void aMissingUriNamesTheVariable() {
        assertThatThrownBy(() -> AmqpConnections.connect(QueueRole.DEAD_LETTER, TestingSecrets.none(), "q"))
                .hasMessageContaining("ASVC_DEAD_LETTER_AMQP_URI")
                .hasMessageContaining("deadLetter.amqp.uriSecret");
    }

    @Test
    void connectionsRecoverWithTheirTopology() {
        ConnectionFactory factory = AmqpConnections.factory("amqp://u:p@rabbit:5673/orders", "V");

        assertThat(factory.isAutomaticRecoveryEnabled()).isTrue();
        assertThat(factory.isTopologyRecoveryEnabled()).isTrue();
        assertThat(factory.getRecoveryDelayHandler()).isInstanceOf(RecoveryDelayHandler.ExponentialBackoffDelayHandler.class);
        assertThat(AmqpConnectionFactories.address(factory)).isEqualTo("amqp://rabbit:5673/orders as user u");
    }
}
