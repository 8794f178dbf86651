package io.asyncservice.clients.sqs;

import java.net.URI;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.regions.providers.DefaultAwsRegionProviderChain;

/**
 * What a queue URL says, and where the client of a queue connects: the region of an AWS queue (every AWS host form:
 * {@code sqs.<region>.amazonaws.com}, the legacy {@code <region>.queue.amazonaws.com} and {@code queue.amazonaws.com},
 * VPC endpoints, dual-stack {@code sqs.<region>.api.aws}, and the {@code .amazonaws.com.cn} partition), the server of
 * an SQS-compatible one (ElasticMQ, LocalStack), and whether it is FIFO.
 */
public final class SqsEndpoints {

    /** Any region will do for an SQS-compatible server that ignores it. */
    static final String FALLBACK_REGION = "us-east-1";

    private static final Pattern[] REGIONAL_HOSTS = {
        Pattern.compile("^sqs[.-]([a-z0-9-]+)\\.amazonaws\\.com(\\.cn)?$"),
        Pattern.compile("^([a-z0-9-]+)\\.queue\\.amazonaws\\.com(\\.cn)?$"),
        Pattern.compile("^.*\\.sqs\\.([a-z0-9-]+)\\.vpce\\.amazonaws\\.com(\\.cn)?$"),
        Pattern.compile("^sqs\\.([a-z0-9-]+)\\.api\\.aws$"),
    };

    private SqsEndpoints() {
    }

    /** The region in an AWS queue URL, e.g. eu-west-1 from https://sqs.eu-west-1.amazonaws.com/123/jobs. */
    public static Optional<String> region(String queueUrl) {
        String host = host(queueUrl);
        if (host.equals("queue.amazonaws.com")) {
            return Optional.of("us-east-1");
        }
        for (Pattern p : REGIONAL_HOSTS) {
            Matcher m = p.matcher(host);
            if (m.matches()) {
                return Optional.of(m.group(1));
            }
        }
        return Optional.empty();
    }

    /** For a queue that is not on AWS (ElasticMQ, LocalStack...): its server, e.g. http://localhost:9324. */
    public static Optional<String> nonAwsEndpoint(String queueUrl) {
        String host = host(queueUrl);
        if (host.isEmpty() || isAwsHost(host)) {
            return Optional.empty();
        }
        URI uri = URI.create(queueUrl.trim());
        return Optional.of(uri.getScheme() + "://" + uri.getRawAuthority());
    }

    /** The endpoint override: the spec's {@code endpoint}, else the server of a non-AWS queue URL, else none. */
    public static Optional<URI> endpointOverride(String specEndpoint, String queueUrl) {
        if (specEndpoint != null && !specEndpoint.isBlank()) {
            return Optional.of(URI.create(specEndpoint.trim()));
        }
        return nonAwsEndpoint(queueUrl).map(URI::create);
    }

    public static boolean isFifo(String queueUrl) {
        return queueUrl != null && queueUrl.endsWith(".fifo");
    }

    /**
     * Where the client of a queue connects: {@link #endpointOverride} and {@link #region(String, String, boolean)}.
     *
     * @throws IllegalArgumentException when the region cannot be told; its message says to set the region
     */
    public static SqsTarget target(String specRegion, String specEndpoint, String queueUrl) {
        if (queueUrl == null || queueUrl.isBlank()) {
            throw new IllegalArgumentException("the SQS queue URL is missing");
        }
        URI endpoint;
        try {
            endpoint = endpointOverride(specEndpoint, queueUrl).orElse(null);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("the SQS endpoint or queue URL is not a valid URL: " + e.getMessage());
        }
        return new SqsTarget(region(specRegion, queueUrl, endpoint != null), endpoint);
    }

    /**
     * The spec's region, else the one in an AWS queue URL, else the SDK's default region chain (AWS_REGION, profile,
     * instance metadata), else us-east-1 when the client connects to an endpoint override, which an SQS-compatible
     * server ignores.
     *
     * @throws IllegalArgumentException when none applies
     */
    public static String region(String specRegion, String queueUrl, boolean endpointOverride) {
        return region(specRegion, queueUrl, endpointOverride, SqsEndpoints::defaultChainRegion);
    }

    static String region(String specRegion, String queueUrl, boolean endpointOverride, Supplier<Optional<String>> defaultChain) {
        if (specRegion != null && !specRegion.isBlank()) {
            return specRegion.trim();
        }
        Optional<String> fromUrl = region(queueUrl);
        if (fromUrl.isPresent()) {
            return fromUrl.get();
        }
        Optional<String> fromChain = defaultChain.get();
        if (fromChain.isPresent()) {
            return fromChain.get();
        }
        if (endpointOverride) {
            return FALLBACK_REGION;
        }
        throw new IllegalArgumentException("cannot tell the region of " + queueUrl + ": set sqs.region (or AWS_REGION)");
    }

    private static Optional<String> defaultChainRegion() {
        try {
            return Optional.of(DefaultAwsRegionProviderChain.builder().build().getRegion().id());
        } catch (SdkClientException e) {
            return Optional.empty();
        }
    }

    private static boolean isAwsHost(String host) {
        return host.endsWith(".amazonaws.com") || host.endsWith(".amazonaws.com.cn") || host.endsWith(".api.aws");
    }

    private static String host(String url) {
        if (url == null) {
            return "";
        }
        String host = URI.create(url.trim()).getHost();
        return host == null ? "" : host.toLowerCase(Locale.ROOT);
    }
}
