package io.asyncservice.operator.scaling.nats;

import io.asyncservice.api.v1alpha1.NatsSpec;
import io.asyncservice.clients.nats.NatsCredentials;
import io.asyncservice.operator.scaling.Backlog;
import io.asyncservice.operator.scaling.BacklogReadException;
import io.asyncservice.operator.scaling.BacklogReader;
import io.asyncservice.operator.scaling.ClientPool;
import io.asyncservice.operator.scaling.SecretReader;
import io.nats.client.Connection;
import io.nats.client.JetStreamApiException;
import io.nats.client.JetStreamManagement;
import io.nats.client.JetStreamOptions;
import io.nats.client.api.ConsumerInfo;
import io.nats.client.api.StreamInfoOptions;
import io.nats.client.api.StreamState;
import io.nats.client.api.Subject;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * JetStream backlog: the durable consumer's num_pending (not yet delivered) + num_ack_pending (delivered, not yet
 * acknowledged), read with a consumer-info request over the NATS protocol, so no monitoring endpoint is needed.
 *
 * <p>Before the first sidecar has run, the durable consumer does not exist yet. The sidecar creates it delivering
 * every message in the stream (on {@code subject}, if set), so the backlog is then the stream's message count on that
 * subject: without it an AsyncService created at zero replicas would never get its first pod.
 */
public final class NatsBacklogReader implements BacklogReader {

    private static final int STREAM_NOT_FOUND = 10059;
    private static final int CONSUMER_NOT_FOUND = 10014;

    private final ClientPool.Lease<Connection> lease;
    private final String stream;
    private final String consumer;
    private final String subject;
    private final JetStreamOptions options;

    NatsBacklogReader(ClientPool.Lease<Connection> lease, String stream, String consumer, String subject, Duration callTimeout) {
        this.lease = lease;
        this.stream = stream;
        this.consumer = consumer;
        this.subject = subject == null || subject.isBlank() ? null : subject;
        this.options = JetStreamOptions.builder().requestTimeout(callTimeout).build();
    }

    /** Reads the credentials Secret (if any) and leases the connection for those servers and credentials. */
    public static NatsBacklogReader open(String namespace, NatsSpec spec, SecretReader secrets, ClientPool pool,
                                         Duration callTimeout) throws BacklogReadException {
        if (spec.getConsumer() == null || spec.getConsumer().isBlank()) {
            throw new BacklogReadException(BacklogReadException.INVALID_CONFIGURATION, "nats.consumer is required on the input");
        }
        Map<String, String> secret = Map.of();
        if (spec.getCredentialsSecret() != null) {
            secret = secrets.read(namespace, spec.getCredentialsSecret()).orElseThrow(() ->
                    new BacklogReadException(BacklogReadException.SECRET_UNAVAILABLE,
                            "Secret " + namespace + "/" + spec.getCredentialsSecret() + " (nats.credentialsSecret) not found"));
        }
        if (spec.getServers() == null || spec.getServers().isEmpty()) {
            throw new BacklogReadException(BacklogReadException.INVALID_CONFIGURATION, "nats.servers must name at least one NATS server");
        }
        // The sidecar's rule: creds, else token, else user and password; one kind only.
        Map<String, String> values = secret;
        NatsCredentials credentials = NatsCredentials.choose(k -> Optional.ofNullable(values.get(k)));
        if (credentials.kind() == NatsCredentials.Kind.USER_WITHOUT_PASSWORD) {
            throw new BacklogReadException(BacklogReadException.SECRET_UNAVAILABLE, "Secret " + namespace + "/"
                    + spec.getCredentialsSecret() + " (nats.credentialsSecret) has a user but no password");
        }
        NatsClientKey key = new NatsClientKey(List.copyOf(spec.getServers()), credentials, callTimeout);
        return new NatsBacklogReader(pool.acquire(key), spec.getStream(), spec.getConsumer(), spec.getSubject(),
                callTimeout);
    }

    @Override
    public Backlog read() throws BacklogReadException {
        try {
            JetStreamManagement jsm = lease.client().jetStreamManagement(options);
            try {
                ConsumerInfo info = jsm.getConsumerInfo(stream, consumer);
                return Backlog.of(info.getNumPending() + info.getNumAckPending());
            } catch (JetStreamApiException e) {
                if (e.getApiErrorCode() != CONSUMER_NOT_FOUND) {
                    throw e;
                }
                return Backlog.of(messagesForANewConsumer(jsm));
            }
        } catch (JetStreamApiException e) {
            if (e.getApiErrorCode() == STREAM_NOT_FOUND || e.getErrorCode() == 404) {
                throw new BacklogReadException(BacklogReadException.QUEUE_NOT_FOUND, "JetStream stream " + stream
                        + " (consumer " + consumer + ") does not exist: " + e.getErrorDescription(), e);
            }
            throw new BacklogReadException(BacklogReadException.READ_FAILED, "JetStream consumer info for " + stream + "/" + consumer
                    + " failed: " + e.getMessage(), e);
        } catch (IOException | IllegalStateException e) {
            String reason = lease.client().getStatus() == Connection.Status.CONNECTED
                    ? BacklogReadException.TIMEOUT : BacklogReadException.UNREACHABLE;
            throw new BacklogReadException(reason, "NATS at " + lease.endpoint() + " (" + lease.client().getStatus() + "): "
                    + e.getMessage(), e);
        }
    }

    /** What the sidecar's consumer, once created, would deliver: every message in the stream on the subject. */
    private long messagesForANewConsumer(JetStreamManagement jsm) throws IOException, JetStreamApiException {
        if (subject == null) {
            return jsm.getStreamInfo(stream).getStreamState().getMsgCount();
        }
        StreamState state = jsm.getStreamInfo(stream, StreamInfoOptions.filterSubjects(subject)).getStreamState();
        return state.getSubjects() == null ? 0 : state.getSubjects().stream().mapToLong(Subject::getCount).sum();
    }

    @Override
    public void close() {
        lease.close();
    }
}
