package io.asyncservice.sidecar.sqs;

import io.asyncservice.api.sidecar.QueueRole;
import io.asyncservice.api.v1alpha1.BrokerSpec;
import io.asyncservice.api.v1alpha1.DeliverySpec;
import io.asyncservice.api.v1alpha1.Durations;
import io.asyncservice.api.v1alpha1.SqsSpec;
import io.asyncservice.sidecar.broker.BrokerConnector;
import io.asyncservice.sidecar.broker.MessageSink;
import io.asyncservice.sidecar.broker.MessageSource;
import io.asyncservice.sidecar.broker.SecretSource;
import java.time.Duration;

/** AWS SQS, or an SQS-compatible server (ElasticMQ, LocalStack) through an endpoint override. */
public final class SqsConnector implements BrokerConnector {

    public SqsConnector() {
    }

    @Override
    public MessageSource openSource(BrokerSpec spec, DeliverySpec delivery, SecretSource secrets) {
        SqsSpec sqs = spec.getSqs();
        Duration visibility = Durations.parseOr("input.sqs.visibilityTimeout", sqs.getVisibilityTimeout(), Duration.ofSeconds(30));
        return new SqsMessageSource(SqsClients.create(sqs, QueueRole.INPUT, secrets), sqs.getQueueUrl(), visibility);
    }

    @Override
    public MessageSink openSink(BrokerSpec spec, QueueRole role, SecretSource secrets) {
        SqsSpec sqs = spec.getSqs();
        return new SqsMessageSink(SqsClients.create(sqs, role, secrets), sqs.getQueueUrl());
    }
}
