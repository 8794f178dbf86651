package io.asyncservice.clients.sqs;

import java.time.Duration;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.SqsClientBuilder;

/** Builds an SQS client on the JDK's HTTP connection for a {@link SqsTarget}, credentials and the caller's timeouts. */
public final class SqsClients {

    private SqsClients() {
    }

    /**
     * The timeouts of one runtime. The sidecar's socket timeout must outlast a 20 s long poll; the scaler bounds every
     * call, retries included, with {@code apiCall}.
     *
     * @param apiCall the bound on one API call and on each attempt of it, or {@code null} for none
     */
    public record Timeouts(Duration connect, Duration socket, Duration apiCall) {
    }

    public static SqsClient create(SqsTarget target, SqsCredentials credentials, Timeouts timeouts) {
        SqsClientBuilder builder = SqsClient.builder()
                .httpClient(UrlConnectionHttpClient.builder()
                        .connectionTimeout(timeouts.connect())
                        .socketTimeout(timeouts.socket())
                        .build())
                .region(Region.of(target.region()))
                .credentialsProvider(credentials.provider());
        if (timeouts.apiCall() != null) {
            builder.overrideConfiguration(o -> o.apiCallTimeout(timeouts.apiCall()).apiCallAttemptTimeout(timeouts.apiCall()));
        }
        if (target.endpointOverride() != null) {
            builder.endpointOverride(target.endpointOverride());
        }
        return builder.build();
    }
}
