package io.asyncservice.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;

@JsonInclude(JsonInclude.Include.NON_NULL)
public class SqsSpec {

    @Required
    @Pattern("^https?://.+")
    @JsonPropertyDescription("The queue URL, e.g. https://sqs.eu-west-1.amazonaws.com/123456789012/jobs.")
    private String queueUrl;

    @JsonPropertyDescription("The AWS region. Defaults to the region in the queue URL, else the default provider chain's.")
    private String region;

    @Pattern("^https?://.+")
    @JsonPropertyDescription("An endpoint override for SQS-compatible servers such as ElasticMQ or LocalStack.")
    private String endpoint;

    @Default("30s")
    @Pattern(Durations.PATTERN)
    @JsonPropertyDescription("The lease on a received message. The sidecar extends it while the app works, so it may be short.")
    private String visibilityTimeout = "30s";

    @JsonPropertyDescription("A Secret with keys AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY and optionally AWS_SESSION_TOKEN. "
            + "Without it the default provider chain applies (IRSA, instance profile, environment).")
    private String credentialsSecret;

    public String getQueueUrl() {
        return queueUrl;
    }

    public void setQueueUrl(String queueUrl) {
        this.queueUrl = queueUrl;
    }

    public String getRegion() {
        return region;
    }

    public void setRegion(String region) {
        this.region = region;
    }

    public String getEndpoint() {
        return endpoint;
    }

    public void setEndpoint(String endpoint) {
        this.endpoint = endpoint;
    }

    public String getVisibilityTimeout() {
        return visibilityTimeout;
    }

    public void setVisibilityTimeout(String visibilityTimeout) {
        this.visibilityTimeout = visibilityTimeout;
    }

    public String getCredentialsSecret() {
        return credentialsSecret;
    }

    public void setCredentialsSecret(String credentialsSecret) {
        this.credentialsSecret = credentialsSecret;
    }
}
