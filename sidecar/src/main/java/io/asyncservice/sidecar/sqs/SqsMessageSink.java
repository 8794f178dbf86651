package io.asyncservice.sidecar.sqs;

import io.asyncservice.sidecar.broker.MessageSink;
import io.asyncservice.sidecar.broker.OutboundMessage;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.BatchResultErrorEntry;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchResponse;

/**
 * An SQS output or dead-letter queue. The message being in a successful SendMessageBatch is the durable accept
 * (publishes queued up behind a batch in flight share the next one; see {@link SqsBatcher}). The request id, content type and
 * trace headers travel as message attributes ({@code x-request-id}, {@code content-type}, {@code traceparent},
 * {@code tracestate}). On a FIFO queue the request id is the MessageGroupId, and its SHA-256 the
 * MessageDeduplicationId, so a redelivered input whose output was already written within SQS's 5-minute deduplication
 * window does not produce a second output.
 */
final class SqsMessageSink implements MessageSink {

    private static final int SENDER_THREADS = 2;

    private final SqsClient client;
    private final String queueUrl;
    private final boolean fifo;
    private final SqsHealth health = new SqsHealth();
    private final SqsBatcher<Outgoing> batcher;

    /** One message to send, with its size for the batch limit. */
    record Outgoing(SendMessageBatchRequestEntry entry, int bytes) {
    }

    SqsMessageSink(SqsClient client, String queueUrl) {
        this.client = client;
        this.queueUrl = queueUrl;
        this.fifo = SqsQueueUrls.isFifo(queueUrl);
        this.batcher = new SqsBatcher<>("asvc-sqs-send", SENDER_THREADS, this::send, Outgoing::bytes);
    }

    @Override
    public CompletionStage<Void> publish(OutboundMessage message) {
        return batcher.submit(outgoing(message));
    }

    Outgoing outgoing(OutboundMessage message) {
        Map<String, MessageAttributeValue> attributes = new HashMap<>();
        attribute(attributes, "x-request-id", message.requestId());
        attribute(attributes, "content-type", message.contentType());
        message.headers().forEach((k, v) -> attribute(attributes, k, v));
        SendMessageBatchRequestEntry.Builder b = SendMessageBatchRequestEntry.builder()
                .messageBody(new String(message.body(), StandardCharsets.UTF_8))
                .messageAttributes(attributes);
        if (fifo) {
            b.messageGroupId(message.requestId()).messageDeduplicationId(sha256(message.requestId()));
        }
        int bytes = message.body().length;
        for (Map.Entry<String, MessageAttributeValue> a : attributes.entrySet()) {
            bytes += a.getKey().length() + a.getValue().stringValue().length() + "String".length();
        }
        return new Outgoing(b.build(), bytes);
    }

    private Map<Integer, String> send(List<Outgoing> batch) {
        List<SendMessageBatchRequestEntry> entries = new ArrayList<>(batch.size());
        for (int i = 0; i < batch.size(); i++) {
            entries.add(batch.get(i).entry().toBuilder().id(Integer.toString(i)).build());
        }
        SendMessageBatchResponse response = health.track(() -> client.sendMessageBatch(r -> r.queueUrl(queueUrl).entries(entries)));
        Map<Integer, String> failures = new HashMap<>();
        for (BatchResultErrorEntry f : response.failed()) {
            failures.put(Integer.parseInt(f.id()), "SendMessage failed: " + f.code() + ": " + f.message());
        }
        return failures;
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
        batcher.close();
        client.close();
    }
}
