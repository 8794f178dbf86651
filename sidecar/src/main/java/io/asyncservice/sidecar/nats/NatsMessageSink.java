package io.asyncservice.sidecar.nats;

import io.asyncservice.api.sidecar.QueueRole;
import io.asyncservice.sidecar.broker.MessageSink;
import io.asyncservice.sidecar.broker.OutboundMessage;
import io.asyncservice.sidecar.broker.PublishRefusedException;
import io.asyncservice.sidecar.broker.PublishRefusedException.Reason;
import io.nats.client.Connection;
import io.nats.client.JetStream;
import io.nats.client.JetStreamApiException;
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
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An output or dead-letter subject in a JetStream stream. {@link #publish} completes when the stream has stored the
 * message (its PublishAck); many publishes may be outstanding at once.
 *
 * <p>Deduplication: each message carries {@code Nats-Msg-Id} = the identity of the input it answers
 * ({@link OutboundMessage#deduplicationId()}) and the role. When the sidecar crashes after publishing an output but
 * before acking its input, the input is redelivered and its output published again; the stream drops that copy if it
 * arrives within its duplicate window (2 minutes by default), even when the app's answer differs the second time. Two
 * different inputs never share an id, even under one request id, so neither output is ever dropped for the other's.
 * Without an input identity (an old caller), the id is request id, role and a digest of the body, as before.
 *
 * <p>Refusals fail the publish with a {@link PublishRefusedException}: a payload over the server's {@code max_payload}
 * (the client refuses it before sending) or over the stream's {@code max_msg_size} (JetStream API error 10054) is
 * {@code TOO_LARGE}; a publish the server's permissions forbid is {@code REFUSED}. The server reports a permissions
 * violation only to the connection's error listener and never answers the publish, so that one is known only when the
 * publish times out: the refusal is recognized then, from the connection's last error, provided that error arrived
 * while the publish waited. Anything else (no stream on the subject right now, a timeout, a server down) fails with
 * the client's exception and may pass on a retry.
 */
final class NatsMessageSink implements MessageSink {

    static final Duration PUBLISH_TIMEOUT = Duration.ofSeconds(30);
    /** JetStream's "message size exceeds maximum allowed": over the stream's max_msg_size. */
    static final int MESSAGE_TOO_LARGE_API_ERROR = 10054;
    private static final String PUBLISH_VIOLATION = "Permissions Violation for Publish to ";
    private static final Set<String> OWN_HEADERS = Set.of("x-request-id", "content-type", "nats-msg-id");
    private static final Logger LOG = LoggerFactory.getLogger(NatsMessageSink.class);

    private final Connection connection;
    private final JetStream jetStream;
    private final String stream;
    private final String subject;
    private final QueueRole role;
    private final Duration publishTimeout;

    NatsMessageSink(Connection connection, JetStream jetStream, String stream, String subject, QueueRole role) {
        this(connection, jetStream, stream, subject, role, PUBLISH_TIMEOUT);
    }

    /** {@code publishTimeout}: how long a publish waits for the stream's ack before it fails. */
    NatsMessageSink(Connection connection, JetStream jetStream, String stream, String subject, QueueRole role,
            Duration publishTimeout) {
        this.connection = connection;
        this.jetStream = jetStream;
        this.stream = stream;
        this.subject = subject;
        this.role = role;
        this.publishTimeout = publishTimeout;
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
        }
        String dedupId = dedupId(message, role);
        if (dedupId != null) {
            options.messageId(dedupId);
        }
        if (message.contentType() != null) {
            headers.put(NatsHeaders.CONTENT_TYPE, message.contentType());
        }
        CompletableFuture<Void> result = new CompletableFuture<>();
        long serverErrorsBefore = connection.getStatistics().getErrs();
        try {
            jetStream.publishAsync(subject, headers, message.body(), options.build())
                    .orTimeout(publishTimeout.toMillis(), TimeUnit.MILLISECONDS)
                    .whenComplete((ack, error) -> complete(result, message, ack, error, serverErrorsBefore));
        } catch (RuntimeException e) {
            result.completeExceptionally(failure(message, e, serverErrorsBefore));
        }
        return result;
    }

    private void complete(CompletableFuture<Void> result, OutboundMessage message, PublishAck ack, Throwable error,
            long serverErrorsBefore) {
        if (error != null) {
            result.completeExceptionally(failure(message, error, serverErrorsBefore));
            return;
        }
        if (ack.isDuplicate()) {
            LOG.info("JetStream already held the {} for request {} (seq {}); not stored twice", role.field(),
                    message.requestId(), ack.getSeqno());
        }
        result.complete(null);
    }

    /** A {@link PublishRefusedException} when no retry can store the message, else an IllegalStateException. */
    private RuntimeException failure(OutboundMessage message, Throwable error, long serverErrorsBefore) {
        Throwable cause = error instanceof CompletionException && error.getCause() != null
                ? error.getCause() : error;
        String what = "the " + role.field() + " message for request " + message.requestId() + " on " + subject
                + " (stream " + stream + ")";
        long maxPayload = connection.getMaxPayload();
        if (cause instanceof IllegalArgumentException && maxPayload > 0 && message.body().length > maxPayload) {
            return new PublishRefusedException(Reason.TOO_LARGE, "NATS refused " + what + " as too large: its payload is "
                    + message.body().length + " bytes, over the server's max_payload of " + maxPayload + " bytes", cause);
        }
        JetStreamApiException api = apiError(cause);
        if (api != null && api.getApiErrorCode() == MESSAGE_TOO_LARGE_API_ERROR) {
            return new PublishRefusedException(Reason.TOO_LARGE, "JetStream refused " + what + " as too large: its payload is "
                    + message.body().length + " bytes, over the stream's max_msg_size (" + api.getMessage() + ")", cause);
        }
        if (cause instanceof TimeoutException && connection.getStatistics().getErrs() > serverErrorsBefore
                && isPublishViolation(connection.getLastError())) {
            return new PublishRefusedException(Reason.REFUSED, "NATS refused " + what + ": " + connection.getLastError(), cause);
        }
        return new IllegalStateException("JetStream did not store " + what + ": " + cause, cause);
    }

    private static JetStreamApiException apiError(Throwable error) {
        for (Throwable e = error; e != null; e = e.getCause()) {
            if (e instanceof JetStreamApiException api) {
                return api;
            }
        }
        return null;
    }

    /** Whether the server's error text says that this sink's subject may not be published to. */
    private boolean isPublishViolation(String serverError) {
        return serverError != null && serverError.regionMatches(true, 0, PUBLISH_VIOLATION, 0, PUBLISH_VIOLATION.length())
                && serverError.contains("\"" + subject + "\"");
    }

    /**
     * The Nats-Msg-Id of a message: {@code <input identity>:<role>}, the same for every publish that answers one input
     * (whatever the body), else {@link #dedupId(String, QueueRole, byte[])}; null without either.
     */
    static String dedupId(OutboundMessage message, QueueRole role) {
        if (message.deduplicationId() != null) {
            return message.deduplicationId() + ":" + role.field();
        }
        return message.requestId() == null ? null : dedupId(message.requestId(), role, message.body());
    }

    /** The fallback: {@code <request id>:<role>:<digest of the body>}, stable across a redelivery with the same body. */
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
