package io.asyncservice.operator.scaling.sqs;

import io.asyncservice.clients.sqs.SqsClients;
import io.asyncservice.clients.sqs.SqsCredentials;
import io.asyncservice.clients.sqs.SqsTarget;
import io.asyncservice.operator.scaling.BacklogReadException;
import io.asyncservice.operator.scaling.ClientKey;
import java.time.Duration;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * An SQS client's identity: where it connects and with which credentials ({@link SqsCredentials#DEFAULT_CHAIN} for the
 * operator's own identity, which {@link SqsScalerCredentials} allows only for a service with
 * {@code identityOwner: operator}). The client is the shared one ({@link SqsClients}); every call is bounded by
 * {@code callTimeout}, retries included.
 */
record SqsClientKey(SqsTarget target, SqsCredentials credentials, Duration callTimeout) implements ClientKey<SqsClient> {

    @Override
    public SqsClient connect() throws BacklogReadException {
        try {
            return SqsClients.create(target, credentials, new SqsClients.Timeouts(callTimeout, callTimeout, callTimeout));
        } catch (RuntimeException e) {
            throw new BacklogReadException(BacklogReadException.INVALID_CONFIGURATION,
                    "could not create an SQS client for " + endpoint() + ": " + e.getMessage(), e);
        }
    }

    @Override
    public String endpoint() {
        return "sqs:" + target.describe();
    }

    @Override
    public String toString() {
        return "SqsClientKey[" + endpoint() + (credentials.isDefaultChain() ? ", operator identity" : ", static credentials") + "]";
    }
}
