package io.asyncservice.sidecar.nats;

import io.asyncservice.api.sidecar.QueueRole;
import io.asyncservice.sidecar.broker.MessageSink;
import io.asyncservice.sidecar.broker.OutboundMessage;
import io.nats.client.Connection;
import io.nats.client.JetStream;
import io.nats.client.PublishOptions;
import io.nats.client.api.PublishAck;
import io.nats.client.impl.Headers;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.Base64;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An output or dead-letter subject in a JetStream stream. {@link #publish} completes when the stream has stored the
 * message (its PublishAck); many publishes may be outstanding at once.
 *
 * <p>Deduplication: each message carries {@code Nats-Msg-Id} = request id, role and a digest of the body. When the
 * sidecar crashes after publishing an output but before acking its input, the input is redelivered and the same output
 * is published again; the stream drops that copy if it arrives within its duplicate window (2 minutes by default) and
 * the body is the same. Keying on the body too means that two different results for one request id (a producer that
 * reuses ids, or an app whose answer changed) are never mistaken for duplicates and dropped; an app whose answers are
 * not byte-identical on a retry simply gets at-least-once.
 */
final class NatsMessageSink implements MessageSink {

    static final Duration PUBLISH_TIMEOUT = Duration.ofSeconds(30);
    private static final Set<String> OWN_HEADERS = Set.of("x-request-id", "content-type", "nats-msg-id");
    private static final Logger LOG = LoggerFactory.getLogger(NatsMessageSink.class);
    private static final AtomicInteger THREADS = new AtomicInteger();

    private final Connection connection;
    private final JetStream jetStream;
    private final String stream;
    private final String subject;
    private final QueueRole role;
    private final ExecutorService callbacks = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "nats-sink-callback-" + THREADS.incrementAndGet());
        t.setDaemon(true);
        return t;
    });

    NatsMessageSink(Connection connection, JetStream jetStream, String stream, String subject, QueueRole role) {
        this.connection = connection;
        this.jetStream = jetStream;
        this.stream = stream;
        this.subject = subject;
        this.role = role;
    }

    @Override
    public CompletionStage<Void> publish(OutboundMessage message) {
        Headers headers = new Headers();
        message.headers().forEach((name, value) -> {
            if (value != null && !OWN_HEADERS.contains(name.toLowerCase(Locale.ROOT))) {
                headers.put(name, value);
            }
        });
        PublishOptions.Builder options = PublishOptions.builder().expectedStream(stream);
        if (message.requestId() != null) {
            headers.put(NatsHeaders.REQUEST_ID, message.requestId());
            options.messageId(dedupId(message.requestId(), role, message.body()));
        }
        if (message.contentType() != null) {
            headers.put(NatsHeaders.CONTENT_TYPE, message.contentType());
        }
        CompletableFuture<Void> result = new CompletableFuture<>();
        try {
            jetStream.publishAsync(subject, headers, message.body(), options.build())
                    .orTimeout(PUBLISH_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)
                    .whenCompleteAsync((ack, error) -> complete(result, message, ack, error), callbacks);
        } catch (RuntimeException e) {
            result.completeExceptionally(failure(message, e));
        }
        return result;
    }

    private void complete(CompletableFuture<Void> result, OutboundMessage message, PublishAck ack, Throwable error) {
        if (error != null) {
            result.completeExceptionally(failure(message, error));
            return;
        }
        if (ack.isDuplicate()) {
            LOG.info("JetStream already held the {} for request {} (seq {}); not stored twice", role.field(),
                    message.requestId(), ack.getSeqno());
        }
        result.complete(null);
    }

    private IllegalStateException failure(OutboundMessage message, Throwable error) {
        Throwable cause = error instanceof CompletionException && error.getCause() != null
                ? error.getCause() : error;
        return new IllegalStateException("JetStream did not store the " + role.field() + " message for request "
                + message.requestId() + " on " + subject + " (stream " + stream + "): " + cause, cause);
    }

    /** {@code <request id>:<role>:<digest of the body>}, stable across a redelivery that produces the same body. */
    static String dedupId(String requestId, QueueRole role, byte[] body) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(body);
            String hash = Base64.getUrlEncoder().withoutPadding().encodeToString(digest).substring(0, 22);
            return requestId + ":" + role.field() + ":" + hash;
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public boolean isConnected() {
        return connection.getStatus() == Connection.Status.CONNECTED;
    }

    @Override
    public void close() {
        try {
            connection.flush(Duration.ofSeconds(2));
        } catch (Exception e) {
            LOG.debug("while flushing the NATS {}: {}", role.field(), e.toString());
        }
        try {
            connection.close();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
