package io.asyncservice.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.ValidationRule;

@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(value = "!has(self.identityOwner) || self.identityOwner != 'operator' || !has(self.credentialsSecret)",
        message = "set credentialsSecret or identityOwner: operator, not both: with identityOwner: operator the scaler "
                + "reads the backlog as the operator's own AWS identity and would ignore the Secret")
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

    @JsonPropertyDescription("A Secret with keys AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY and optionally AWS_SESSION_TOKEN, "
            + "used by the sidecar and by the scaler. Without it the sidecar uses the pod's default provider chain "
            + "(IRSA, instance profile, environment), and the scaler reads the input's backlog only with identityOwner: operator.")
    private String credentialsSecret;

    @JsonPropertyDescription("Input only: who the scaler authenticates as when it reads the backlog. service (the default "
            + "when unset): the credentialsSecret; without one the backlog is not read and BacklogAvailable is False "
            + "with reason NoCredentials. operator: the operator's own AWS identity (IRSA, instance profile, environment), "
            + "for platforms that scope that identity on purpose; it cannot be combined with credentialsSecret. "
            + "The sidecar always uses the pod's own credentials.")
    private SqsIdentityOwner identityOwner;

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

    public SqsIdentityOwner getIdentityOwner() {
        return identityOwner;
    }

    public void setIdentityOwner(SqsIdentityOwner identityOwner) {
        this.identityOwner = identityOwner;
    }

    /** The identity owner with its default applied: {@link SqsIdentityOwner#SERVICE} when unset. */
    @JsonIgnore
    public SqsIdentityOwner effectiveIdentityOwner() {
        return identityOwner == null ? SqsIdentityOwner.SERVICE : identityOwner;
    }
}
