package io.asyncservice.sidecar.sqs;

import io.asyncservice.sidecar.testing.AbstractDeliveryIT;
import io.asyncservice.sidecar.testing.BrokerFixture;

/** The delivery contract against SQS (ElasticMQ in this JVM). */
class SqsDeliveryIT extends AbstractDeliveryIT {

    @Override
    protected BrokerFixture createFixture() {
        return new SqsFixture();
    }
}
