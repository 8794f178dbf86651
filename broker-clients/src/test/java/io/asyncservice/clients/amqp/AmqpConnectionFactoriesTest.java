package io.asyncservice.clients.amqp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.rabbitmq.client.ConnectionFactory;
import javax.net.ssl.SSLSocketFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AmqpConnectionFactoriesTest {

    @ParameterizedTest
    @CsvSource({
        "'amqp://user:pa ss@host:5672/%2F', pa ss",
        "'http://user:hunter2@host/', hunter2",
        "'amqp://user:s3cret@host:5672/a%zz', s3cret",
    })
    void anInvalidUriNamesItsSourceButNotThePassword(String uri, String password) {
        assertThatThrownBy(() -> AmqpConnectionFactories.fromUri(uri, "ASVC_INPUT_AMQP_URI"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("ASVC_INPUT_AMQP_URI")
                .hasMessageNotContaining(password)
                .hasMessageNotContaining(uri);
    }

    @Test
    void theUriIsTheClientsOwnParsing() {
        ConnectionFactory factory = AmqpConnectionFactories.fromUri(" amqp://u:p@rabbit:5673/orders ", "V");

        assertThat(factory.getUsername()).isEqualTo("u");
        assertThat(factory.getPassword()).isEqualTo("p");
        assertThat(factory.isSSL()).isFalse();
        assertThat(AmqpConnectionFactories.endpoint(factory)).isEqualTo("amqp://rabbit:5673/orders");
        assertThat(AmqpConnectionFactories.address(factory)).isEqualTo("amqp://rabbit:5673/orders as user u");
    }

    @Test
    void amqpsConnectsOverTls() {
        ConnectionFactory factory = AmqpConnectionFactories.fromUri("amqps://u:p@rabbit.example/%2F", "V");

        assertThat(factory.isSSL()).isTrue();
        assertThat(factory.getPort()).isEqualTo(5671);
        assertThat(factory.getSocketFactory()).isInstanceOf(SSLSocketFactory.class);
        assertThat(AmqpConnectionFactories.endpoint(factory)).isEqualTo("amqps://rabbit.example:5671//");
    }

    @Test
    void thePasswordIsMaskedInAnyText() {
        ConnectionFactory factory = AmqpConnectionFactories.fromUri("amqp://u:hunter2@rabbit/v", "V");

        assertThat(AmqpConnectionFactories.withoutPassword("login hunter2 refused", factory)).isEqualTo("login **** refused");
    }
}
