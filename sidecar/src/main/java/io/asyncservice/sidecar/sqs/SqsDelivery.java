package io.asyncservice.sidecar.sqs;

import io.asyncservice.sidecar.broker.AbstractDelivery;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;

/**
 * One received SQS message. Its lease is the visibility timeout: extended with ChangeMessageVisibility, ended by a
 * delete (ack; sent in a DeleteMessageBatch with other acks) or visibility 0 (release). A reject leaves the visibility
 * to lapse, so the queue's redrive policy (maxReceiveCount) decides, and a queue without one sees the message again at
 * most once per visibility timeout.
 */
final class SqsDelivery extends AbstractDelivery {

    /** SQS's longest visibility timeout. */
    private static final long MAX_VISIBILITY_SECONDS = 43_200;

    private final SqsClient client;
    private final String queueUrl;
    private final Message message;
    private final SqsHealth health;
    private final SqsBatcher<String> deletes;

    SqsDelivery(SqsClient client, String queueUrl, Message message, SqsHealth health, SqsBatcher<String> deletes) {
        this(client, queueUrl, message, health, deletes, attributes(message));
    }

    private SqsDelivery(SqsClient client, String queueUrl, Message message, SqsHealth health, SqsBatcher<String> deletes,
            Map<String, String> headers) {
        super(message.body() == null ? null : message.body().getBytes(StandardCharsets.UTF_8), headers,
                requestId(message, headers), headers.get("content-type"), receiveCount(message));
        this.client = client;
        this.queueUrl = queueUrl;
        this.message = message;
        this.health = health;
        this.deletes = deletes;
    }

    @Override
    public String messageId() {
        return message.messageId();
    }

    /** The string message attributes, with lower-case names. */
    private static Map<String, String> attributes(Message message) {
        Map<String, String> h = new HashMap<>();
        for (Map.Entry<String, MessageAttributeValue> a : message.messageAttributes().entrySet()) {
            if (a.getValue().stringValue() != null) {
                h.put(a.getKey().toLowerCase(Locale.ROOT), a.getValue().stringValue());
            }
        }
        return h;
    }

    /** The {@code request_id} or {@code x-request-id} attribute, else the MessageId. */
    private static String requestId(Message message, Map<String, String> headers) {
        String id = headers.get("request_id");
        if (id == null || id.isBlank()) {
            id = headers.get("x-request-id");
        }
        return id == null || id.isBlank() ? message.messageId() : id;
    }

    /** ApproximateReceiveCount. */
    private static int receiveCount(Message message) {
        String count = message.attributes().get(MessageSystemAttributeName.APPROXIMATE_RECEIVE_COUNT);
        try {
            return count == null ? 1 : Math.max(1, Integer.parseInt(count));
        } catch (NumberFormatException e) {
            return 1;
        }
    }

    @Override
    public void extendLease(Duration leaseTime) {
        changeVisibility(Math.min(MAX_VISIBILITY_SECONDS, Math.max(1, (leaseTime.toMillis() + 999) / 1000)));
    }

    @Override
    public CompletionStage<Void> ack() {
        return deletes.submit(message.receiptHandle());
    }

    @Override
    public CompletionStage<Void> release() {
        return call(() -> changeVisibility(0));
    }

    @Override
    public CompletionStage<Void> reject() {
        return CompletableFuture.completedFuture(null);
    }

    private void changeVisibility(long seconds) {
        health.track(() -> client.changeMessageVisibility(b -> b.queueUrl(queueUrl).receiptHandle(message.receiptHandle())
                .visibilityTimeout((int) seconds)));
    }

    private CompletionStage<Void> call(Runnable r) {
        try {
            health.run(r);
            return CompletableFuture.completedFuture(null);
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }
}
