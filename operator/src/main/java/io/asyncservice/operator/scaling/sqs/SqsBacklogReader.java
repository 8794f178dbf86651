package io.asyncservice.operator.scaling.sqs;

import io.asyncservice.api.v1alpha1.SqsSpec;
import io.asyncservice.clients.sqs.SqsCredentials;
import io.asyncservice.clients.sqs.SqsEndpoints;
import io.asyncservice.clients.sqs.SqsTarget;
import io.asyncservice.operator.scaling.Backlog;
import io.asyncservice.operator.scaling.BacklogReadException;
import io.asyncservice.operator.scaling.BacklogReader;
import io.asyncservice.operator.scaling.ClientPool;
import io.asyncservice.operator.scaling.SecretReader;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import software.amazon.awssdk.core.exception.ApiCallAttemptTimeoutException;
import software.amazon.awssdk.core.exception.ApiCallTimeoutException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;
import software.amazon.awssdk.services.sqs.model.QueueDoesNotExistException;
import software.amazon.awssdk.services.sqs.model.SqsException;

/** SQS backlog: ApproximateNumberOfMessages (visible) + ApproximateNumberOfMessagesNotVisible (in flight). */
public final class SqsBacklogReader implements BacklogReader {

    private static final Set<String> AUTH_ERRORS = Set.of("InvalidClientTokenId", "SignatureDoesNotMatch", "AccessDenied",
            "AccessDeniedException", "UnrecognizedClientException", "InvalidSecurity", "ExpiredToken");
    private static final List<QueueAttributeName> ATTRIBUTES = List.of(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES,
            QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE);

    private final ClientPool.Lease<SqsClient> lease;
    private final String queueUrl;

    SqsBacklogReader(ClientPool.Lease<SqsClient> lease, String queueUrl) {
        this.lease = lease;
        this.queueUrl = queueUrl;
    }

    /**
     * Decides whose identity reads the backlog ({@link SqsScalerCredentials}), reads the credentials Secret when it is
     * the service's, and leases the client for this endpoint and those credentials. Without credentials of the service's
     * own and without {@code identityOwner: operator}, no client is created at all.
     */
    public static SqsBacklogReader open(String namespace, SqsSpec spec, SecretReader secrets, ClientPool pool,
                                        Duration callTimeout) throws BacklogReadException {
        SqsCredentials credentials = SqsCredentials.DEFAULT_CHAIN;
        if (SqsScalerCredentials.of(spec) == SqsScalerCredentials.SERVICE_SECRET) {
            Map<String, String> secret = secrets.read(namespace, spec.getCredentialsSecret()).orElseThrow(() ->
                    new BacklogReadException(BacklogReadException.SECRET_UNAVAILABLE,
                            "Secret " + namespace + "/" + spec.getCredentialsSecret() + " (sqs.credentialsSecret) not found"));
            credentials = SqsCredentials.of(required(secret, SqsCredentials.ACCESS_KEY_ID, namespace, spec),
                    required(secret, SqsCredentials.SECRET_ACCESS_KEY, namespace, spec), secret.get(SqsCredentials.SESSION_TOKEN));
        }
        SqsTarget target;
        try {
            // The sidecar's rules: every AWS host form, the server of a non-AWS queue URL, the region chain.
            target = SqsEndpoints.target(spec.getRegion(), spec.getEndpoint(), spec.getQueueUrl());
        } catch (IllegalArgumentException e) {
            throw new BacklogReadException(BacklogReadException.INVALID_CONFIGURATION, "sqs: " + e.getMessage());
        }
        SqsClientKey key = new SqsClientKey(target, credentials, callTimeout);
        return new SqsBacklogReader(pool.acquire(key), spec.getQueueUrl());
    }

    @Override
    public Backlog read() throws BacklogReadException {
        try {
            Map<QueueAttributeName, String> attributes = lease.client()
                    .getQueueAttributes(b -> b.queueUrl(queueUrl).attributeNames(ATTRIBUTES))
                    .attributes();
            long visible = count(attributes, QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES);
            long inFlight = count(attributes, QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE);
            return Backlog.of(visible + inFlight);
        } catch (ApiCallTimeoutException | ApiCallAttemptTimeoutException e) {
            throw new BacklogReadException(BacklogReadException.TIMEOUT, "SQS at " + lease.endpoint() + " did not answer in time", e);
        } catch (QueueDoesNotExistException e) {
            throw new BacklogReadException(BacklogReadException.QUEUE_NOT_FOUND, "SQS queue " + queueUrl + " does not exist", e);
        } catch (SqsException e) {
            String code = e.awsErrorDetails() == null ? "" : e.awsErrorDetails().errorCode();
            if (AUTH_ERRORS.contains(code) || e.statusCode() == 401 || e.statusCode() == 403) {
                throw new BacklogReadException(BacklogReadException.UNAUTHORIZED,
                        "SQS refused the credentials for " + queueUrl + ": " + code, e);
            }
            if ("AWS.SimpleQueueService.NonExistentQueue".equals(code)) {
                throw new BacklogReadException(BacklogReadException.QUEUE_NOT_FOUND, "SQS queue " + queueUrl + " does not exist", e);
            }
            throw new BacklogReadException(BacklogReadException.READ_FAILED, "SQS GetQueueAttributes on " + queueUrl
                    + " failed: " + code + " " + e.statusCode(), e);
        } catch (SdkClientException e) {
            throw clientFailure(e);
        }
    }

    private BacklogReadException clientFailure(SdkClientException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SocketTimeoutException) {
                return new BacklogReadException(BacklogReadException.TIMEOUT, "SQS at " + lease.endpoint() + " did not answer in time", e);
            }
            if (t instanceof ConnectException || t instanceof UnknownHostException) {
                return new BacklogReadException(BacklogReadException.UNREACHABLE, "SQS at " + lease.endpoint()
                        + " is unreachable: " + t.getMessage(), e);
            }
        }
        return new BacklogReadException(BacklogReadException.UNREACHABLE, "SQS at " + lease.endpoint() + ": " + e.getMessage(), e);
    }

    @Override
    public void close() {
        lease.close();
    }

    private static long count(Map<QueueAttributeName, String> attributes, QueueAttributeName name) throws BacklogReadException {
        String value = attributes.get(name);
        try {
            return value == null ? 0 : Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw new BacklogReadException(BacklogReadException.READ_FAILED, "SQS answered " + name + "=" + value);
        }
    }

    private static String required(Map<String, String> secret, String key, String namespace, SqsSpec spec)
            throws BacklogReadException {
        String value = secret.get(key);
        if (value == null || value.isBlank()) {
            throw new BacklogReadException(BacklogReadException.SECRET_UNAVAILABLE,
                    "Secret " + namespace + "/" + spec.getCredentialsSecret() + " has no key " + key);
        }
        return value;
    }
}
