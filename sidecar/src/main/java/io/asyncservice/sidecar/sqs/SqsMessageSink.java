package io.asyncservice.sidecar.sqs;

import io.asyncservice.sidecar.broker.MessageSink;
import io.asyncservice.sidecar.broker.OutboundMessage;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;
import software.amazon.awssdk.services.sqs.model.SendMessageRequest;

/**
 * An SQS output or dead-letter queue. SendMessage succeeding is the durable accept. The request id, content type and
 * trace headers travel as message attributes ({@code x-request-id}, {@code content-type}, {@code traceparent},
 * {@code tracestate}). On a FIFO queue the request id is the MessageGroupId, and its SHA-256 the
 * MessageDeduplicationId, so a redelivered input whose output was already written within SQS's 5-minute deduplication
 * window does not produce a second output.
 */
final class SqsMessageSink implements MessageSink {

    private final SqsClient client;
    private final String queueUrl;
    private final boolean fifo;
    private final SqsHealth health = new SqsHealth();

    SqsMessageSink(SqsClient client, String queueUrl) {
        this.client = client;
        this.queueUrl = queueUrl;
        this.fifo = SqsQueueUrls.isFifo(queueUrl);
    }

    @Override
    public CompletionStage<Void> publish(OutboundMessage message) {
        try {
            health.track(() -> client.sendMessage(request(message)));
            return CompletableFuture.completedFuture(null);
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    SendMessageRequest request(OutboundMessage message) {
        Map<String, MessageAttributeValue> attributes = new HashMap<>();
        attribute(attributes, "x-request-id", message.requestId());
        attribute(attributes, "content-type", message.contentType());
        message.headers().forEach((k, v) -> attribute(attributes, k, v));
        SendMessageRequest.Builder b = SendMessageRequest.builder()
                .queueUrl(queueUrl)
                .messageBody(new String(message.body(), StandardCharsets.UTF_8))
                .messageAttributes(attributes);
        if (fifo) {
            b.messageGroupId(message.requestId()).messageDeduplicationId(sha256(message.requestId()));
        }
        return b.build();
    }

    private static void attribute(Map<String, MessageAttributeValue> attributes, String name, String value) {
        if (value != null && !value.isEmpty()) {
            attributes.put(name, MessageAttributeValue.builder().dataType("String").stringValue(value).build());
        }
    }

    private static String sha256(String s) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
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
