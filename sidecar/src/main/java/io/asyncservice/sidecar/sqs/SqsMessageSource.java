package io.asyncservice.sidecar.sqs;

import io.asyncservice.sidecar.broker.Delivery;
import io.asyncservice.sidecar.broker.MessageSource;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.BatchResultErrorEntry;
import software.amazon.awssdk.services.sqs.model.DeleteMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.DeleteMessageBatchResponse;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;
import software.amazon.awssdk.services.sqs.model.ReceiveMessageResponse;

/**
 * An SQS input queue: long polling (up to 20 s, capped by the engine's wait), batches of up to 10, every message
 * attribute and system attribute (ApproximateReceiveCount is the delivery count), and the configured visibility
 * timeout as the lease, renewed every third of it. Acks are deletes, batched by {@link SqsBatcher}.
 */
final class SqsMessageSource implements MessageSource {

    static final int MAX_BATCH = 10;
    static final int MAX_WAIT_SECONDS = 20;

    private final SqsClient client;
    private final String queueUrl;
    private final int visibilitySeconds;
    private final Duration renewInterval;
    private final SqsHealth health = new SqsHealth();
    private final SqsBatcher<String> deletes;

    SqsMessageSource(SqsClient client, String queueUrl, Duration visibilityTimeout) {
        this.client = client;
        this.queueUrl = queueUrl;
        this.deletes = new SqsBatcher<>("asvc-sqs-delete", 2, this::delete, handle -> 0);
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
            deliveries.add(new SqsDelivery(client, queueUrl, m, health, deletes));
        }
        return deliveries;
    }

    /** DeleteMessageBatch of receipt handles; returns the failures by index. */
    private Map<Integer, String> delete(List<String> receiptHandles) {
        List<DeleteMessageBatchRequestEntry> entries = new ArrayList<>(receiptHandles.size());
        for (int i = 0; i < receiptHandles.size(); i++) {
            entries.add(DeleteMessageBatchRequestEntry.builder().id(Integer.toString(i)).receiptHandle(receiptHandles.get(i)).build());
        }
        DeleteMessageBatchResponse response = health.track(() -> client.deleteMessageBatch(r -> r.queueUrl(queueUrl).entries(entries)));
        Map<Integer, String> failures = new HashMap<>();
        for (BatchResultErrorEntry f : response.failed()) {
            failures.put(Integer.parseInt(f.id()), "DeleteMessage failed: " + f.code() + ": " + f.message());
        }
        return failures;
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
        deletes.close();
        client.close();
    }
}
