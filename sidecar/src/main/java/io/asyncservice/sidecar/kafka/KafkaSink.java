package io.asyncservice.sidecar.kafka;

import io.asyncservice.sidecar.broker.MessageSink;
import io.asyncservice.sidecar.broker.OutboundMessage;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * An output or dead-letter topic. Records are keyed by the request id and carry it, the content type and the
 * message's extra headers (traceparent, ...) as headers. {@link #publish} completes when the idempotent producer's
 * send was acknowledged by all in-sync replicas.
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
        try {
            lease.producer().send(record(message), (metadata, error) -> {
                if (error == null) {
                    healthy = true;
                    done.complete(null);
                } else {
                    healthy = !(error instanceof RetriableException);
                    done.completeExceptionally(error);
                }
            });
        } catch (RuntimeException e) {
            // send() throws when metadata cannot be had within max.block.ms, or when the producer is closed.
            healthy = false;
            done.completeExceptionally(e);
        }
        return done;
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
