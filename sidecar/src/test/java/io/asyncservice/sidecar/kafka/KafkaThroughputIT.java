package io.asyncservice.sidecar.kafka;

import io.asyncservice.sidecar.testing.AbstractThroughputIT;
import io.asyncservice.sidecar.testing.BrokerFixture;

/** Prints messages per second through a no-op app at concurrency 1 and 32 (measured, never asserted). */
class KafkaThroughputIT extends AbstractThroughputIT {

    @Override
    protected BrokerFixture createFixture() {
        return new KafkaFixture();
    }
}
