package io.asyncservice.sidecar.amqp;

import io.asyncservice.sidecar.testing.AbstractDeliveryIT;
import io.asyncservice.sidecar.testing.BrokerFixture;

/** The delivery contract against the machine's RabbitMQ, with a quorum queue as input. */
class AmqpDeliveryIT extends AbstractDeliveryIT {

    @Override
    protected BrokerFixture createFixture() {
        return new AmqpFixture();
    }
}
