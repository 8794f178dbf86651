package io.asyncservice.sidecar.sqs;

import io.asyncservice.clients.sqs.SqsEndpoints;
import io.asyncservice.sidecar.broker.MessageSink;
import io.asyncservice.sidecar.broker.OutboundMessage;
import io.asyncservice.sidecar.broker.PublishRefusedException;
import io.asyncservice.sidecar.broker.PublishRefusedException.Reason;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.BatchResultErrorEntry;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchResponse;

/**
 * An SQS output or dead-letter queue. The message being in a successful SendMessageBatch is the durable accept
 * (publishes queued up behind a batch in flight share the next one; see {@link SqsBatcher}). The request id, content
 * type and trace headers travel as message attributes ({@code x-request-id}, {@code content-type}, {@code traceparent},
 * {@code tracestate}).
 *
 * <p>On a FIFO queue the request id is the MessageGroupId, and the identity of the input the message answers
 * ({@link OutboundMessage#deduplicationId()}) the MessageDeduplicationId: a redelivered input whose output was already
 * written within SQS's 5-minute deduplication window writes no second output, while two different inputs that share a
 * request id both get theirs. Without an input identity, SHA-256 of the request id and the body's digest stands in.
 *
 * <p>Refusals: SQS refuses a message (body plus attributes) over the queue's MaximumMessageSize. AWS's ceiling is
 * 1 MiB since 2025 (256 KiB before), a queue may be set lower, down to 1 KiB, and SQS-compatible servers differ
 * (ElasticMQ 1.6 takes 256 KiB, counted in characters over all bodies of a batch, and ignores MaximumMessageSize). So
 * the sink refuses without sending only what no SQS queue accepts, over {@link #MAX_MESSAGE_BYTES}, and otherwise takes
 * the server's word. Reading the queue's MaximumMessageSize up front would need sqs:GetQueueAttributes, which a
 * send-only policy lacks, and the attribute can change while the sidecar runs. A size or content error that fails a
 * whole batch call names no entry, so that batch is sent again one entry at a time: only the entry refused on its own
 * is refused, the others are stored. Which errors are permanent: {@link SqsSendErrors}. Publishes fail with a
 * {@link PublishRefusedException} for those, with the client's or the batcher's exception for any other.
 */
final class SqsMessageSink implements MessageSink {

    /** What no SQS queue accepts: AWS's SendMessage limit since 2025, body and attributes together. */
    static final int MAX_MESSAGE_BYTES = 1024 * 1024;
    private static final int SENDER_THREADS = 2;

    private final SqsClient client;
    private final String queueUrl;
    private final boolean fifo;
    private final SqsHealth health = new SqsHealth();
    private final SqsBatcher<Outgoing> batcher;

    /** Why the broker refused one message for good; {@code original} is its exception, null for a batch entry's error. */
    private record Refusal(Reason reason, String text, Throwable original) {
    }

    /** One message to send, its size for the limits, and the broker's refusal once there is one. */
    static final class Outgoing {
        private final SendMessageBatchRequestEntry entry;
        private final int bytes;
        private final String requestId;
        private volatile Refusal refusal;

        Outgoing(SendMessageBatchRequestEntry entry, int bytes, String requestId) {
            this.entry = entry;
            this.bytes = bytes;
            this.requestId = requestId;
        }

        SendMessageBatchRequestEntry entry() {
            return entry;
        }

        /** Body and attributes (names, types and values) in UTF-8 bytes, as SQS counts a message's size. */
        int bytes() {
            return bytes;
        }
    }

    SqsMessageSink(SqsClient client, String queueUrl) {
        this.client = client;
        this.queueUrl = queueUrl;
        this.fifo = SqsEndpoints.isFifo(queueUrl);
        this.batcher = new SqsBatcher<>("asvc-sqs-send", SENDER_THREADS, this::send, Outgoing::bytes);
    }

    @Override
    public CompletionStage<Void> publish(OutboundMessage message) {
        Outgoing outgoing = outgoing(message);
        if (outgoing.bytes() > MAX_MESSAGE_BYTES) {
            return CompletableFuture.failedFuture(new PublishRefusedException(Reason.TOO_LARGE, "the message for request "
                    + message.requestId() + " is " + outgoing.bytes() + " bytes (body and attributes), over SQS's limit of "
                    + MAX_MESSAGE_BYTES + " bytes; not sent to " + queueUrl));
        }
        CompletableFuture<Void> result = new CompletableFuture<>();
        batcher.submit(outgoing).whenComplete((ok, error) -> {
            Refusal refusal = outgoing.refusal;
            if (error == null) {
                result.complete(null);
            } else if (refusal != null && PublishRefusedException.in(error) == null) {
                result.completeExceptionally(new PublishRefusedException(refusal.reason(), refusal.text(),
                        refusal.original() != null ? refusal.original() : error));
            } else {
                result.completeExceptionally(error);
            }
        });
        return result;
    }

    Outgoing outgoing(OutboundMessage message) {
        Map<String, MessageAttributeValue> attributes = new HashMap<>();
        attribute(attributes, "x-request-id", message.requestId());
        attribute(attributes, "content-type", message.contentType());
        message.headers().forEach((k, v) -> attribute(attributes, k, v));
        String body = new String(message.body(), StandardCharsets.UTF_8);
        SendMessageBatchRequestEntry.Builder b = SendMessageBatchRequestEntry.builder()
                .messageBody(body)
                .messageAttributes(attributes);
        if (fifo) {
            b.messageGroupId(message.requestId()).messageDeduplicationId(deduplicationId(message));
        }
        long bytes = utf8Length(body);
        for (Map.Entry<String, MessageAttributeValue> a : attributes.entrySet()) {
            bytes += utf8Length(a.getKey()) + utf8Length(a.getValue().dataType()) + utf8Length(a.getValue().stringValue());
        }
        return new Outgoing(b.build(), (int) Math.min(Integer.MAX_VALUE, bytes), message.requestId());
    }

    /** The input's identity when known, else SHA-256 over the request id and the body's SHA-256. */
    static String deduplicationId(OutboundMessage message) {
        if (message.deduplicationId() != null) {
            return message.deduplicationId();
        }
        MessageDigest digest = sha256();
        byte[] bodyDigest = digest.digest(message.body());
        digest.update(String.valueOf(message.requestId()).getBytes(StandardCharsets.UTF_8));
        digest.update((byte) 0);
        digest.update(bodyDigest);
        return HexFormat.of().formatHex(digest.digest());
    }

    /**
     * Sends one batch; returns the failed entries by index. Throws what fails every entry alike: a
     * {@link PublishRefusedException} when SQS refuses the caller, the client's exception for a transient error.
     */
    Map<Integer, String> send(List<Outgoing> batch) {
        List<SendMessageBatchRequestEntry> entries = new ArrayList<>(batch.size());
        for (int i = 0; i < batch.size(); i++) {
            entries.add(batch.get(i).entry().toBuilder().id(Integer.toString(i)).build());
        }
        SendMessageBatchResponse response;
        try {
            response = health.track(() -> client.sendMessageBatch(r -> r.queueUrl(queueUrl).entries(entries)));
        } catch (AwsServiceException e) {
            switch (SqsSendErrors.of(e)) {
                case IDENTITY -> throw new PublishRefusedException(Reason.REFUSED, "SQS refused to take messages on "
                        + queueUrl + ": " + SqsSendErrors.said(e), e);
                case CONTENT -> {
                    if (batch.size() > 1) {
                        return oneByOne(batch);
                    }
                    Outgoing only = batch.get(0);
                    only.refusal = refusal(only, e.awsErrorDetails() == null ? null : e.awsErrorDetails().errorCode(),
                            e.awsErrorDetails() == null ? e.getMessage() : e.awsErrorDetails().errorMessage(), e);
                    return Map.of(0, "SendMessage failed: " + SqsSendErrors.said(e));
                }
                default -> throw e;
            }
        }
        Map<Integer, String> failures = new HashMap<>();
        for (BatchResultErrorEntry f : response.failed()) {
            int index = Integer.parseInt(f.id());
            if (SqsSendErrors.of(f.code()) != SqsSendErrors.Kind.TRANSIENT) {
                batch.get(index).refusal = refusal(batch.get(index), f.code(), f.message(), null);
            }
            failures.put(index, "SendMessage failed: " + f.code() + ": " + f.message());
        }
        return failures;
    }

    /** Sends each entry of a batch the server refused as a whole on its own, to find the one it refuses. */
    private Map<Integer, String> oneByOne(List<Outgoing> batch) {
        Map<Integer, String> failures = new HashMap<>();
        for (int i = 0; i < batch.size(); i++) {
            try {
                String failure = send(List.of(batch.get(i))).get(0);
                if (failure != null) {
                    failures.put(i, failure);
                }
            } catch (RuntimeException e) {
                if (e instanceof PublishRefusedException refused) {
                    batch.get(i).refusal = new Refusal(refused.reason(), refused.getMessage(), refused.getCause());
                }
                failures.put(i, "SendMessage failed: " + e.getMessage());
            }
        }
        return failures;
    }

    private Refusal refusal(Outgoing outgoing, String code, String said, Throwable original) {
        String where = "SQS refused the message for request " + outgoing.requestId + " on " + queueUrl;
        if (SqsSendErrors.isTooLarge(code, said)) {
            long limit = SqsSendErrors.limitIn(said);
            return new Refusal(Reason.TOO_LARGE, where + " as too large: it is " + outgoing.bytes() + " bytes (body and attributes)"
                    + (limit > 0 ? ", over the limit of " + limit + " bytes" : "") + " (" + code + ": " + said + ")", original);
        }
        return new Refusal(Reason.REFUSED, where + ": " + code + ": " + said, original);
    }

    private static void attribute(Map<String, MessageAttributeValue> attributes, String name, String value) {
        if (value != null && !value.isEmpty()) {
            attributes.put(name, MessageAttributeValue.builder().dataType("String").stringValue(value).build());
        }
    }

    /** The length of {@code s} in UTF-8, without encoding it. */
    private static long utf8Length(String s) {
        long n = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x80) {
                n += 1;
            } else if (c < 0x800) {
                n += 2;
            } else if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                n += 4;
                i++;
            } else {
                n += 3;
            }
        }
        return n;
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
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
