package io.asyncservice.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Whose AWS identity the scaler uses to read an SQS input's backlog (KEDA's {@code identityOwner}). */
public enum SqsIdentityOwner {
    /** The service's own credentials: its {@code credentialsSecret}. Without one the backlog is not read. */
    @JsonProperty("service")
    SERVICE,
    /** The operator's own AWS identity (IRSA, instance profile, environment), by explicit opt-in. */
    @JsonProperty("operator")
    OPERATOR
}
