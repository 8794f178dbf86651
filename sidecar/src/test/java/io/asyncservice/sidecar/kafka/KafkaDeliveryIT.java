package io.asyncservice.sidecar.kafka;

import io.asyncservice.sidecar.testing.AbstractDeliveryIT;
import io.asyncservice.sidecar.testing.BrokerFixture;

/**
 * The delivery contract against Kafka (KRaft in this JVM). "Outlasts its lease" means: the app takes three times
 * {@code max.poll.interval.ms}, and the record is still processed once (the poll thread keeps polling).
 */
class KafkaDeliveryIT extends AbstractDeliveryIT {

    @Override
    protected BrokerFixture createFixture() {
        return new KafkaFixture();
    }
}
