package io.asyncservice.sidecar.amqp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.client.RecoveryDelayHandler;
import io.asyncservice.api.sidecar.QueueRole;
import io.asyncservice.sidecar.testing.TestingSecrets;
import org.junit.jupiter.api.Test;

class AmqpConnectionsTest {

    @Test
    void aMissingUriNamesTheVariable() {
        assertThatThrownBy(() -> AmqpConnections.connect(QueueRole.DEAD_LETTER, TestingSecrets.none(), "q"))
                .hasMessageContaining("ASVC_DEAD_LETTER_AMQP_URI")
                .hasMessageContaining("deadLetter.amqp.uriSecret");
    }

    @Test
    void anInvalidUriNamesTheVariableButNotThePassword() {
        assertThatThrownBy(() -> AmqpConnections.factory("amqp://user:pa ss@host:5672/%2F", "ASVC_INPUT_AMQP_URI"))
                .hasMessageContaining("ASVC_INPUT_AMQP_URI")
                .hasMessageNotContaining("pa ss");
        assertThatThrownBy(() -> AmqpConnections.factory("http://user:hunter2@host/", "ASVC_INPUT_AMQP_URI"))
                .hasMessageContaining("ASVC_INPUT_AMQP_URI")
                .hasMessageNotContaining("hunter2");
    }

    @Test
    void connectionsRecoverWithTheirTopology() {
        ConnectionFactory factory = AmqpConnections.factory("amqp://u:p@rabbit:5673/orders", "V");

        assertThat(factory.isAutomaticRecoveryEnabled()).isTrue();
        assertThat(factory.isTopologyRecoveryEnabled()).isTrue();
        assertThat(factory.getRecoveryDelayHandler()).isInstanceOf(RecoveryDelayHandler.ExponentialBackoffDelayHandler.class);
        assertThat(AmqpConnections.address(factory)).isEqualTo("amqp://rabbit:5673/orders as user u");
    }
}
