package io.asyncservice.operator.scaling.sqs;

import io.asyncservice.operator.scaling.BacklogReadException;
import io.asyncservice.operator.scaling.ClientKey;
import java.net.URI;
import java.time.Duration;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.SqsClientBuilder;

/**
 * An SQS client's identity: region, endpoint override and static credentials. The credentials are all null for the
 * operator's own identity (the default provider chain), which {@link SqsScalerCredentials} allows only for a service
 * with {@code identityOwner: operator}. Every call is bounded by {@code callTimeout}, retries included.
 */
record SqsClientKey(String region, URI endpointOverride, String accessKeyId, String secretAccessKey, String sessionToken,
                    Duration callTimeout) implements ClientKey<SqsClient> {

    @Override
    public SqsClient connect() throws BacklogReadException {
        try {
            SqsClientBuilder builder = SqsClient.builder()
                    .region(Region.of(region))
                    .credentialsProvider(credentials())
                    .httpClient(UrlConnectionHttpClient.builder()
                            .connectionTimeout(callTimeout)
                            .socketTimeout(callTimeout)
                            .build())
                    .overrideConfiguration(o -> o.apiCallTimeout(callTimeout).apiCallAttemptTimeout(callTimeout));
            if (endpointOverride != null) {
                builder.endpointOverride(endpointOverride);
            }
            return builder.build();
        } catch (RuntimeException e) {
            throw new BacklogReadException(BacklogReadException.INVALID_CONFIGURATION,
                    "could not create an SQS client for " + endpoint() + ": " + e.getMessage(), e);
        }
    }

    private AwsCredentialsProvider credentials() {
        if (accessKeyId == null) {
            return DefaultCredentialsProvider.builder().build();
        }
        return StaticCredentialsProvider.create(sessionToken == null
                ? AwsBasicCredentials.create(accessKeyId, secretAccessKey)
                : AwsSessionCredentials.create(accessKeyId, secretAccessKey, sessionToken));
    }

    @Override
    public String endpoint() {
        return "sqs:" + (endpointOverride != null ? endpointOverride : region);
    }

    @Override
    public String toString() {
        return "SqsClientKey[" + endpoint() + (accessKeyId == null ? ", operator identity" : ", static credentials") + "]";
    }
}
