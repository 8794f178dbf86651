package io.asyncservice.sidecar.sqs;

import io.asyncservice.api.sidecar.QueueRole;
import io.asyncservice.api.v1alpha1.SqsSpec;
import io.asyncservice.sidecar.broker.SecretSource;
import java.net.URI;
import java.time.Duration;
import java.util.Optional;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.regions.providers.DefaultAwsRegionProviderChain;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.SqsClientBuilder;

/**
 * Builds the SQS client for one queue: endpoint override (or the server in a non-AWS queue URL), region from the spec,
 * else the queue URL, else the default chain, and credentials from the role's Secret, else the default chain.
 */
final class SqsClients {

    static final String ACCESS_KEY_ID = "AWS_ACCESS_KEY_ID";
    static final String SECRET_ACCESS_KEY = "AWS_SECRET_ACCESS_KEY";
    static final String SESSION_TOKEN = "AWS_SESSION_TOKEN";
    /** Any region will do for an SQS-compatible server that ignores it. */
    private static final String FALLBACK_REGION = "us-east-1";

    private SqsClients() {
    }

    static SqsClient create(SqsSpec spec, QueueRole role, SecretSource secrets) {
        Optional<String> endpoint = Optional.ofNullable(spec.getEndpoint()).or(() -> SqsQueueUrls.nonAwsEndpoint(spec.getQueueUrl()));
        SqsClientBuilder b = SqsClient.builder()
                .httpClient(UrlConnectionHttpClient.builder()
                        .connectionTimeout(Duration.ofSeconds(5))
                        .socketTimeout(Duration.ofSeconds(35)) // longer than the longest long poll (20 s)
                        .build())
                .region(Region.of(region(spec, endpoint.isPresent(), role)))
                .credentialsProvider(credentials(role, secrets));
        endpoint.ifPresent(e -> b.endpointOverride(URI.create(e)));
        return b.build();
    }

    private static String region(SqsSpec spec, boolean customEndpoint, QueueRole role) {
        if (spec.getRegion() != null && !spec.getRegion().isBlank()) {
            return spec.getRegion();
        }
        Optional<String> fromUrl = SqsQueueUrls.region(spec.getQueueUrl());
        if (fromUrl.isPresent()) {
            return fromUrl.get();
        }
        try {
            return DefaultAwsRegionProviderChain.builder().build().getRegion().id();
        } catch (SdkClientException e) {
            if (customEndpoint) {
                return FALLBACK_REGION;
            }
            throw new IllegalStateException(role.field() + ".sqs.region: cannot tell the region of " + spec.getQueueUrl()
                    + "; set region or AWS_REGION");
        }
    }

    private static AwsCredentialsProvider credentials(QueueRole role, SecretSource secrets) {
        Optional<String> id = secrets.get(role, ACCESS_KEY_ID);
        Optional<String> secret = secrets.get(role, SECRET_ACCESS_KEY);
        if (id.isPresent() && secret.isPresent()) {
            Optional<String> token = secrets.get(role, SESSION_TOKEN);
            return StaticCredentialsProvider.create(token.isPresent()
                    ? AwsSessionCredentials.create(id.get(), secret.get(), token.get())
                    : AwsBasicCredentials.create(id.get(), secret.get()));
        }
        return DefaultCredentialsProvider.builder().build();
    }
}
