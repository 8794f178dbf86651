package io.asyncservice.api.broker;

import io.asyncservice.api.sidecar.QueueRole;
import io.asyncservice.api.sidecar.SidecarContract;
import io.asyncservice.api.v1alpha1.BrokerKind;
import io.asyncservice.api.v1alpha1.BrokerSpec;
import io.asyncservice.api.v1alpha1.NatsSpec;
import java.util.Optional;

/**
 * A NATS JetStream stream: servers, a durable consumer on the input, a subject to publish to otherwise, and optional
 * credentials (token, user and password, or a creds file) from a Secret as variables.
 */
public final class NatsBrokerDescriptor implements BrokerDescriptor<NatsSpec> {

    @Override
    public BrokerKind kind() {
        return BrokerKind.NATS;
    }

    @Override
    public NatsSpec specOf(BrokerSpec broker) {
        return broker.getNats();
    }

    @Override
    public void check(QueueRole role, String at, NatsSpec spec, BrokerProblems problems) {
        if (spec.getServers() == null || spec.getServers().isEmpty()) {
            problems.add(at + ".servers is required: list at least one NATS server URL");
        }
        problems.required(at + ".stream", spec.getStream());
        if (role == QueueRole.INPUT) {
            problems.required(at + ".consumer", spec.getConsumer());
        } else {
            problems.required(at + ".subject", spec.getSubject());
        }
    }

    @Override
    public Optional<SecretUse> secret(QueueRole role, NatsSpec spec) {
        return SecretUse.named(spec.getCredentialsSecret()).map(name -> SecretUse.asEnv("credentialsSecret", name,
                SidecarContract.NATS_SECRET_KEYS.stream().map(k -> new SecretUse.SecretEnv(k, k, false)).toList()));
    }

    @Override
    public String endpoint(String namespace, NatsSpec spec) {
        return "nats:" + String.join(",", spec.getServers());
    }
}
