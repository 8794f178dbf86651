package io.asyncservice.sidecar.sqs;

import io.asyncservice.sidecar.broker.Delivery;
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
final class SqsDelivery implements Delivery {

    /** SQS's longest visibility timeout. */
    private static final long MAX_VISIBILITY_SECONDS = 43_200;

    private final SqsClient client;
    private final String queueUrl;
    private final Message message;
    private final Map<String, String> headers;
    private final SqsHealth health;
    private final SqsBatcher<String> deletes;

    SqsDelivery(SqsClient client, String queueUrl, Message message, SqsHealth health, SqsBatcher<String> deletes) {
        this.client = client;
        this.queueUrl = queueUrl;
        this.message = message;
        this.health = health;
        this.deletes = deletes;
        Map<String, String> h = new HashMap<>();
        for (Map.Entry<String, MessageAttributeValue> a : message.messageAttributes().entrySet()) {
            if (a.getValue().stringValue() != null) {
                h.put(a.getKey().toLowerCase(Locale.ROOT), a.getValue().stringValue());
            }
        }
        this.headers = Map.copyOf(h);
    }

    @Override
    public byte[] body() {
        return message.body() == null ? new byte[0] : message.body().getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public Map<String, String> headers() {
        return headers;
    }

    /** The {@code request_id} or {@code x-request-id} attribute, else the MessageId. */
    @Override
    public String requestId() {
        String id = headers.get("request_id");
        if (id == null || id.isBlank()) {
            id = headers.get("x-request-id");
        }
        return id == null || id.isBlank() ? message.messageId() : id;
    }

    @Override
    public String contentType() {
        return headers.get("content-type");
    }

    /** ApproximateReceiveCount. */
    @Override
    public int deliveryCount() {
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
