package io.asyncservice.sidecar.kafka;

import io.asyncservice.sidecar.broker.MessageSink;
import io.asyncservice.sidecar.broker.OutboundMessage;
import io.asyncservice.sidecar.broker.PublishRefusedException;
import io.asyncservice.sidecar.broker.PublishRefusedException.Reason;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.InvalidRecordException;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.InvalidTopicException;
import org.apache.kafka.common.errors.RecordBatchTooLargeException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * An output or dead-letter topic. Records are keyed by the request id and carry it, the content type and the
 * message's extra headers (traceparent, ...) as headers. {@link #publish} completes when the idempotent producer's
 * send was acknowledged by all in-sync replicas.
 *
 * <p>A send no retry can fix fails with a {@link PublishRefusedException}: a record over the producer's
 * {@code max.request.size} (refused in {@code send()} itself) or over the topic's {@code max.message.bytes} (refused by
 * the broker) is {@code TOO_LARGE}; a missing authorization, an invalid topic name, a record the topic cannot take (a
 * compacted topic and a record without key) or one that cannot be serialized is {@code REFUSED}. Anything else, such as
 * a topic that does not exist (yet: the send times out waiting for its metadata), a leader election or a broker that is
 * down, fails with the producer's own exception and may pass on a retry.
 */
final class KafkaSink implements MessageSink {

    private final String topic;
    private final SharedProducers.Lease lease;
    private volatile boolean healthy = true;
    private volatile boolean closed;

    KafkaSink(String topic, SharedProducers.Lease lease) {
        this.topic = topic;
        this.lease = lease;
    }

    @Override
    public CompletionStage<Void> publish(OutboundMessage message) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        if (closed) {
            done.completeExceptionally(new IllegalStateException("the Kafka sink of topic " + topic + " is closed"));
            return done;
        }
        ProducerRecord<byte[], byte[]> record = record(message);
        try {
            lease.producer().send(record, (metadata, error) -> {
                if (error == null) {
                    healthy = true;
                    done.complete(null);
                } else {
                    healthy = !(error instanceof RetriableException);
                    PublishRefusedException refused = refusal(error, record);
                    done.completeExceptionally(refused != null ? refused : error);
                }
            });
        } catch (RuntimeException e) {
            // send() throws when the producer is closed, or a record cannot be serialized (a refusal).
            PublishRefusedException refused = refusal(e, record);
            healthy = refused != null && healthy;
            done.completeExceptionally(refused != null ? refused : e);
        }
        return done;
    }

    /** The refusal {@code error} means, or null when a retry may pass. */
    private PublishRefusedException refusal(Throwable error, ProducerRecord<byte[], byte[]> record) {
        String what = "Kafka refused the record for request " + requestId(record) + " on topic " + topic;
        for (Throwable e = error; e != null; e = e.getCause()) {
            if (e instanceof RecordTooLargeException || e instanceof RecordBatchTooLargeException) {
                String limit = String.valueOf(e.getMessage()).contains("max.request.size") ? ""
                        : " (the topic's max.message.bytes, else the broker's message.max.bytes)";
                return new PublishRefusedException(Reason.TOO_LARGE, what + " as too large: "
                        + "its key, value and headers are " + size(record) + " bytes; "
                        + "Kafka said: " + e.getMessage() + limit, error);
            }
            if (e instanceof AuthorizationException || e instanceof InvalidTopicException || e instanceof InvalidRecordException
                    || e instanceof SerializationException) {
                return new PublishRefusedException(Reason.REFUSED, what + ": " + e, error);
            }
        }
        return null;
    }

    private static String requestId(ProducerRecord<byte[], byte[]> record) {
        return record.key() == null ? null : new String(record.key(), StandardCharsets.UTF_8);
    }

    private static long size(ProducerRecord<byte[], byte[]> record) {
        long size = (record.key() == null ? 0 : record.key().length) + (record.value() == null ? 0 : record.value().length);
        for (Header h : record.headers()) {
            size += h.key().length() + (h.value() == null ? 0 : h.value().length);
        }
        return size;
    }

    ProducerRecord<byte[], byte[]> record(OutboundMessage message) {
        Map<String, String> headers = new LinkedHashMap<>();
        message.headers().forEach((k, v) -> headers.put(k.toLowerCase(Locale.ROOT), v));
        if (message.requestId() != null) {
            headers.put(KafkaRecords.REQUEST_ID, message.requestId());
        }
        if (message.contentType() != null) {
            headers.put(KafkaRecords.CONTENT_TYPE, message.contentType());
        }
        RecordHeaders recordHeaders = new RecordHeaders();
        headers.forEach((k, v) -> {
            if (v != null) {
                recordHeaders.add(k, KafkaRecords.utf8(v));
            }
        });
        byte[] key = message.requestId() == null ? null : KafkaRecords.utf8(message.requestId());
        return new ProducerRecord<>(topic, null, key, message.body(), recordHeaders);
    }

    /**
     * False once a send failed for a reason that may pass (broker unreachable, timeout) until one succeeds again. An
     * idle producer keeps no connection, so connections are no sign of health here.
     */
    @Override
    public boolean isConnected() {
        return !closed && healthy;
    }

    /** Gives up this sink's hold on the shared producer; the last holder closes it, flushing what was sent. */
    @Override
    public void close() {
        closed = true;
        lease.release();
    }

    SharedProducers.Lease lease() {
        return lease;
    }
}
