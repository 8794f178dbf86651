package io.asyncservice.api.broker;

import io.asyncservice.api.sidecar.QueueRole;
import io.asyncservice.api.sidecar.SidecarContract;
import io.asyncservice.api.v1alpha1.AmqpSpec;
import io.asyncservice.api.v1alpha1.BrokerKind;
import io.asyncservice.api.v1alpha1.BrokerSpec;
import io.asyncservice.api.v1alpha1.SecretKeyRef;
import java.util.List;
import java.util.Optional;

/**
 * An AMQP 0-9-1 (RabbitMQ) queue: the URI, credentials included, comes from one key of a Secret and reaches the
 * sidecar as one variable, whatever the key's name.
 */
public final class AmqpBrokerDescriptor implements BrokerDescriptor<AmqpSpec> {

    private static final String DEFAULT_URI_KEY = "uri";

    @Override
    public BrokerKind kind() {
        return BrokerKind.AMQP;
    }

    @Override
    public AmqpSpec specOf(BrokerSpec broker) {
        return broker.getAmqp();
    }

    @Override
    public void check(QueueRole role, String at, AmqpSpec spec, BrokerProblems problems) {
        problems.required(at + ".queue", spec.getQueue());
        problems.duration(at + ".consumerTimeout", spec.getConsumerTimeout(), null);
    }

    /** The URI is the broker's address: without its Secret there is nothing to connect to. */
    @Override
    public void checkSecretReference(QueueRole role, String at, AmqpSpec spec, BrokerProblems problems) {
        problems.required(at + ".uriSecret.name", spec.getUriSecret() == null ? null : spec.getUriSecret().getName());
    }

    @Override
    public Optional<SecretUse> secret(QueueRole role, AmqpSpec spec) {
        SecretKeyRef ref = spec.getUriSecret();
        if (ref == null) {
            return Optional.empty();
        }
        String key = ref.getKey() == null ? DEFAULT_URI_KEY : ref.getKey();
        return SecretUse.named(ref.getName()).map(name -> SecretUse.asEnv("uriSecret", name,
                List.of(new SecretUse.SecretEnv(key, SidecarContract.AMQP_URI_KEY, true))));
    }

    /** The management API when the scaler reads through it, else the Secret that holds the URI. */
    @Override
    public String endpoint(String namespace, AmqpSpec spec) {
        return spec.getManagementUrl() != null
                ? "amqp:" + spec.getManagementUrl()
                : "amqp:" + namespace + "/" + (spec.getUriSecret() == null ? null : spec.getUriSecret().getName());
    }
}
