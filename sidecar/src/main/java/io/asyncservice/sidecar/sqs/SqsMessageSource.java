package io.asyncservice.sidecar.sqs;

import io.asyncservice.sidecar.broker.Delivery;
import io.asyncservice.sidecar.broker.MessageSource;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;
import software.amazon.awssdk.services.sqs.model.ReceiveMessageResponse;

/**
 * An SQS input queue: long polling (up to 20 s, capped by the engine's wait), batches of up to 10, every message
 * attribute and system attribute (ApproximateReceiveCount is the delivery count), and the configured visibility
 * timeout as the lease, renewed every third of it.
 */
final class SqsMessageSource implements MessageSource {

    static final int MAX_BATCH = 10;
    static final int MAX_WAIT_SECONDS = 20;

    private final SqsClient client;
    private final String queueUrl;
    private final int visibilitySeconds;
    private final Duration renewInterval;
    private final SqsHealth health = new SqsHealth();

    SqsMessageSource(SqsClient client, String queueUrl, Duration visibilityTimeout) {
        this.client = client;
        this.queueUrl = queueUrl;
        this.visibilitySeconds = (int) Math.max(1, visibilityTimeout.toSeconds());
        this.renewInterval = Duration.ofMillis(Math.max(200, visibilityTimeout.toMillis() / 3));
    }

    @Override
    public List<Delivery> receive(int max, Duration maxWait) {
        int batch = Math.max(1, Math.min(MAX_BATCH, max));
        int wait = (int) Math.min(MAX_WAIT_SECONDS, Math.max(0, maxWait.toSeconds()));
        ReceiveMessageResponse response = health.track(() -> client.receiveMessage(b -> b
                .queueUrl(queueUrl)
                .maxNumberOfMessages(batch)
                .waitTimeSeconds(wait)
                .visibilityTimeout(visibilitySeconds)
                .messageAttributeNames("All")
                .messageSystemAttributeNames(MessageSystemAttributeName.ALL)));
        List<Delivery> deliveries = new ArrayList<>(response.messages().size());
        for (Message m : response.messages()) {
            deliveries.add(new SqsDelivery(client, queueUrl, m, health));
        }
        return deliveries;
    }

    @Override
    public Duration leaseRenewInterval() {
        return renewInterval;
    }

    @Override
    public boolean isConnected() {
        return health.connected();
    }

    @Override
    public void close() {
        client.close();
    }
}
