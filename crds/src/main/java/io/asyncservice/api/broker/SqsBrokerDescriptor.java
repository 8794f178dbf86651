package io.asyncservice.api.broker;

import io.asyncservice.api.sidecar.QueueRole;
import io.asyncservice.api.sidecar.SidecarContract;
import io.asyncservice.api.v1alpha1.BrokerKind;
import io.asyncservice.api.v1alpha1.BrokerSpec;
import io.asyncservice.api.v1alpha1.SqsIdentityOwner;
import io.asyncservice.api.v1alpha1.SqsSpec;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** AWS SQS, or an SQS-compatible server: a queue URL, static credentials from a Secret as variables. */
public final class SqsBrokerDescriptor implements BrokerDescriptor<SqsSpec> {

    private static final Duration MIN_VISIBILITY = Duration.ofSeconds(1);
    private static final Duration MAX_VISIBILITY = Duration.ofHours(12);
    private static final String HTTP_URL = "^https?://.+";

    @Override
    public BrokerKind kind() {
        return BrokerKind.SQS;
    }

    @Override
    public SqsSpec specOf(BrokerSpec broker) {
        return broker.getSqs();
    }

    @Override
    public void check(QueueRole role, String at, SqsSpec spec, BrokerProblems problems) {
        if (problems.required(at + ".queueUrl", spec.getQueueUrl()) && !spec.getQueueUrl().matches(HTTP_URL)) {
            problems.add(at + ".queueUrl: '" + spec.getQueueUrl() + "' is not an http(s) URL");
        }
        if (spec.getEndpoint() != null && !spec.getEndpoint().matches(HTTP_URL)) {
            problems.add(at + ".endpoint: '" + spec.getEndpoint() + "' is not an http(s) URL");
        }
        Duration visibility = problems.duration(at + ".visibilityTimeout", spec.getVisibilityTimeout(), null);
        if (visibility != null && (visibility.compareTo(MIN_VISIBILITY) < 0 || visibility.compareTo(MAX_VISIBILITY) > 0)) {
            problems.add(at + ".visibilityTimeout: must be between 1s and 12h");
        }
    }

    @Override
    public void checkSecretReference(QueueRole role, String at, SqsSpec spec, BrokerProblems problems) {
        if (spec.getIdentityOwner() == null) {
            return;
        }
        if (role != QueueRole.INPUT) {
            problems.add(at + ".identityOwner is for the input only: the scaler reads only the input's backlog, and the"
                    + " sidecar always uses the pod's own credentials");
        } else if (spec.getIdentityOwner() == SqsIdentityOwner.OPERATOR && spec.getCredentialsSecret() != null) {
            problems.add("set " + at + ".credentialsSecret or " + at + ".identityOwner: operator, not both: with"
                    + " identityOwner: operator the scaler reads the backlog as the operator's own AWS identity and would"
                    + " ignore the Secret");
        }
    }

    @Override
    public Optional<SecretUse> secret(QueueRole role, SqsSpec spec) {
        return SecretUse.named(spec.getCredentialsSecret()).map(name -> SecretUse.asEnv("credentialsSecret", name, List.of(
                new SecretUse.SecretEnv(SidecarContract.SQS_SECRET_KEYS.get(0), SidecarContract.SQS_SECRET_KEYS.get(0), true),
                new SecretUse.SecretEnv(SidecarContract.SQS_SECRET_KEYS.get(1), SidecarContract.SQS_SECRET_KEYS.get(1), true),
                new SecretUse.SecretEnv(SidecarContract.SQS_SECRET_KEYS.get(2), SidecarContract.SQS_SECRET_KEYS.get(2), false))));
    }

    /** The endpoint override, else the queue URL's scheme and host. */
    @Override
    public String endpoint(String namespace, SqsSpec spec) {
        if (spec.getEndpoint() != null) {
            return "sqs:" + spec.getEndpoint();
        }
        String url = spec.getQueueUrl();
        int start = url.indexOf("://");
        int end = url.indexOf('/', start + 3);
        return "sqs:" + (end < 0 ? url : url.substring(0, end));
    }
}
