package io.asyncservice.sidecar.nats;

import io.asyncservice.sidecar.testing.AbstractDeliveryIT;
import io.asyncservice.sidecar.testing.BrokerFixture;

/** The delivery contract against the machine's NATS JetStream. */
class NatsDeliveryIT extends AbstractDeliveryIT {

    @Override
    protected BrokerFixture createFixture() {
        return new NatsFixture();
    }
}
