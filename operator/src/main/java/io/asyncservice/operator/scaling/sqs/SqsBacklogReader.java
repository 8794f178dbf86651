package io.asyncservice.operator.scaling.sqs;

import io.asyncservice.api.sidecar.SidecarContract;
import io.asyncservice.api.v1alpha1.SqsSpec;
import io.asyncservice.operator.scaling.Backlog;
import io.asyncservice.operator.scaling.BacklogReadException;
import io.asyncservice.operator.scaling.BacklogReader;
import io.asyncservice.operator.scaling.ClientPool;
import io.asyncservice.operator.scaling.SecretReader;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import software.amazon.awssdk.core.exception.ApiCallAttemptTimeoutException;
import software.amazon.awssdk.core.exception.ApiCallTimeoutException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.regions.providers.DefaultAwsRegionProviderChain;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;
import software.amazon.awssdk.services.sqs.model.QueueDoesNotExistException;
import software.amazon.awssdk.services.sqs.model.SqsException;

/** SQS backlog: ApproximateNumberOfMessages (visible) + ApproximateNumberOfMessagesNotVisible (in flight). */
public final class SqsBacklogReader implements BacklogReader {

    private static final Pattern AWS_HOST = Pattern.compile("^sqs\\.([a-z0-9-]+)\\.amazonaws\\.com(\\.cn)?$");
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
        String accessKey = null;
        String secretKey = null;
        String sessionToken = null;
        if (SqsScalerCredentials.of(spec) == SqsScalerCredentials.SERVICE_SECRET) {
            Map<String, String> secret = secrets.read(namespace, spec.getCredentialsSecret()).orElseThrow(() ->
                    new BacklogReadException(BacklogReadException.SECRET_UNAVAILABLE,
                            "Secret " + namespace + "/" + spec.getCredentialsSecret() + " (sqs.credentialsSecret) not found"));
            accessKey = required(secret, SidecarContract.SQS_SECRET_KEYS.get(0), namespace, spec);
            secretKey = required(secret, SidecarContract.SQS_SECRET_KEYS.get(1), namespace, spec);
            sessionToken = secret.get(SidecarContract.SQS_SECRET_KEYS.get(2));
        }
        URI endpoint = endpoint(spec);
        SqsClientKey key = new SqsClientKey(region(spec, endpoint), endpoint, accessKey, secretKey, sessionToken, callTimeout);
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

    /**
     * The spec's region, else the one in an AWS queue URL, else us-east-1 for an SQS-compatible server (which
     * ignores it), else the default region chain's.
     */
    static String region(SqsSpec spec, URI endpoint) throws BacklogReadException {
        if (spec.getRegion() != null && !spec.getRegion().isBlank()) {
            return spec.getRegion();
        }
        Matcher m = AWS_HOST.matcher(host(spec.getQueueUrl()));
        if (m.matches()) {
            return m.group(1);
        }
        if (endpoint != null && endpoint.getHost() != null && !endpoint.getHost().contains(".amazonaws.com")) {
            return "us-east-1";
        }
        try {
            return new DefaultAwsRegionProviderChain().getRegion().id();
        } catch (RuntimeException e) {
            throw new BacklogReadException(BacklogReadException.INVALID_CONFIGURATION,
                    "no region for " + spec.getQueueUrl() + ": set sqs.region");
        }
    }

    /** The spec's endpoint, else the queue URL's own server when it is not AWS (ElasticMQ, LocalStack), else none. */
    static URI endpoint(SqsSpec spec) {
        if (spec.getEndpoint() != null && !spec.getEndpoint().isBlank()) {
            return URI.create(spec.getEndpoint());
        }
        URI queue = URI.create(spec.getQueueUrl());
        if (queue.getHost() == null || queue.getHost().endsWith(".amazonaws.com") || queue.getHost().endsWith(".amazonaws.com.cn")) {
            return null;
        }
        return URI.create(queue.getScheme() + "://" + queue.getAuthority());
    }

    private static String host(String url) {
        String host = URI.create(url).getHost();
        return host == null ? "" : host;
    }
}
