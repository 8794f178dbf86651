package io.asyncservice.operator.scaling.sqs;

import io.asyncservice.api.v1alpha1.SqsIdentityOwner;
import io.asyncservice.api.v1alpha1.SqsSpec;
import io.asyncservice.operator.scaling.BacklogReadException;

/**
 * Whose AWS identity the scaler reads an SQS input's backlog with, decided from the spec alone. The operator's own
 * identity is used only when the AsyncService opts in with {@code identityOwner: operator}; otherwise a tenant could
 * learn the backlog of any queue that identity can see.
 */
enum SqsScalerCredentials {
    /** The service's {@code credentialsSecret}. */
    SERVICE_SECRET,
    /** The operator's own AWS identity: the SDK's default provider chain (IRSA, instance profile, environment). */
    OPERATOR_IDENTITY;

    /**
     * @throws BacklogReadException {@link BacklogReadException#NO_CREDENTIALS} when the service has no Secret and has not
     *                              opted into the operator's identity, {@link BacklogReadException#INVALID_CONFIGURATION}
     *                              when it sets both
     */
    static SqsScalerCredentials of(SqsSpec spec) throws BacklogReadException {
        boolean hasSecret = spec.getCredentialsSecret() != null && !spec.getCredentialsSecret().isBlank();
        boolean operator = spec.effectiveIdentityOwner() == SqsIdentityOwner.OPERATOR;
        if (operator && hasSecret) {
            throw new BacklogReadException(BacklogReadException.INVALID_CONFIGURATION, "sqs.identityOwner: operator and "
                    + "sqs.credentialsSecret are both set; set one or the other");
        }
        if (operator) {
            return OPERATOR_IDENTITY;
        }
        if (hasSecret) {
            return SERVICE_SECRET;
        }
        throw new BacklogReadException(BacklogReadException.NO_CREDENTIALS, "no credentials to read the backlog of "
                + spec.getQueueUrl() + " with: set sqs.credentialsSecret to a Secret with AWS_ACCESS_KEY_ID and "
                + "AWS_SECRET_ACCESS_KEY, or set sqs.identityOwner: operator to have the scaler use the operator's own AWS identity");
    }
}
