package io.asyncservice.sidecar.sqs;

import io.asyncservice.api.sidecar.QueueRole;
import io.asyncservice.api.v1alpha1.BrokerSpec;
import io.asyncservice.api.v1alpha1.DeliverySpec;
import io.asyncservice.api.v1alpha1.Durations;
import io.asyncservice.api.v1alpha1.SqsSpec;
import io.asyncservice.clients.sqs.SqsClients;
import io.asyncservice.clients.sqs.SqsCredentials;
import io.asyncservice.clients.sqs.SqsEndpoints;
import io.asyncservice.clients.sqs.SqsTarget;
import io.asyncservice.sidecar.broker.BrokerConnector;
import io.asyncservice.sidecar.broker.MessageSink;
import io.asyncservice.sidecar.broker.MessageSource;
import io.asyncservice.sidecar.broker.SecretSource;
import java.time.Duration;
import software.amazon.awssdk.services.sqs.SqsClient;

/** AWS SQS, or an SQS-compatible server (ElasticMQ, LocalStack) through an endpoint override. */
public final class SqsConnector implements BrokerConnector {

    /** The socket timeout outlasts the longest long poll (20 s); no bound on a whole call, which a long poll would hit. */
    private static final SqsClients.Timeouts TIMEOUTS = new SqsClients.Timeouts(Duration.ofSeconds(5), Duration.ofSeconds(35), null);

    public SqsConnector() {
    }

    @Override
    public MessageSource openSource(BrokerSpec spec, DeliverySpec delivery, SecretSource secrets) {
        SqsSpec sqs = spec.getSqs();
        Duration visibility = Durations.parseOr("input.sqs.visibilityTimeout", sqs.getVisibilityTimeout(), Duration.ofSeconds(30));
        return new SqsMessageSource(client(sqs, QueueRole.INPUT, secrets), sqs.getQueueUrl(), visibility);
    }

    @Override
    public MessageSink openSink(BrokerSpec spec, QueueRole role, SecretSource secrets) {
        SqsSpec sqs = spec.getSqs();
        return new SqsMessageSink(client(sqs, role, secrets), sqs.getQueueUrl());
    }

    /** The shared client rules (endpoint, region, credentials from the role's Secret, else the default chain). */
    private static SqsClient client(SqsSpec sqs, QueueRole role, SecretSource secrets) {
        SqsTarget target;
        try {
            target = SqsEndpoints.target(sqs.getRegion(), sqs.getEndpoint(), sqs.getQueueUrl());
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException(role.field() + ".sqs: " + e.getMessage(), e);
        }
        return SqsClients.create(target, SqsCredentials.from(key -> secrets.get(role, key)), TIMEOUTS);
    }
}
