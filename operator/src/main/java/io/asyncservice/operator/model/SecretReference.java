package io.asyncservice.operator.model;

import io.asyncservice.api.sidecar.QueueRole;
import io.asyncservice.api.sidecar.SidecarContract;
import io.asyncservice.api.v1alpha1.AmqpSpec;
import io.asyncservice.api.v1alpha1.AsyncServiceSpec;
import io.asyncservice.api.v1alpha1.BrokerKind;
import io.asyncservice.api.v1alpha1.BrokerSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * One Secret an AsyncService refers to, and how its values reach the sidecar.
 *
 * @param role       where the broker appears: input, output or dead letter
 * @param kind       the broker kind, which decides how the Secret is passed
 * @param secretName the Secret's name, in the AsyncService's namespace
 * @param key        the one key used, for AMQP; null for the other kinds, which use a fixed set of keys or all keys
 */
public record SecretReference(QueueRole role, BrokerKind kind, String secretName, String key) {

    /** The spec field that names the Secret, for messages, e.g. {@code spec.input.sqs.credentialsSecret}. */
    public String field() {
        String leaf = kind == BrokerKind.AMQP ? "uriSecret" : "credentialsSecret";
        return "spec." + role.field() + "." + kind.fieldName() + "." + leaf;
    }

    /** The keys that must be in the Secret, or the pod cannot start. */
    public List<String> requiredKeys() {
        return switch (kind) {
            case SQS -> SidecarContract.SQS_SECRET_KEYS.subList(0, 2);
            case AMQP -> List.of(key);
            case KAFKA, NATS -> List.of();
        };
    }

    /** Every Secret the spec refers to, in role order: input, output, dead letter. */
    public static List<SecretReference> of(AsyncServiceSpec spec) {
        List<SecretReference> refs = new ArrayList<>();
        add(refs, QueueRole.INPUT, spec.getInput());
        add(refs, QueueRole.OUTPUT, spec.getOutput());
        add(refs, QueueRole.DEAD_LETTER, spec.getDeadLetter());
        return refs;
    }

    /** The distinct Secret names the spec refers to, sorted. */
    public static Set<String> secretNames(AsyncServiceSpec spec) {
        Set<String> names = new TreeSet<>();
        of(spec).forEach(r -> names.add(r.secretName()));
        return names;
    }

    private static void add(List<SecretReference> refs, QueueRole role, BrokerSpec broker) {
        if (broker == null) {
            return;
        }
        if (broker.getSqs() != null) {
            addNamed(refs, role, BrokerKind.SQS, broker.getSqs().getCredentialsSecret());
        }
        if (broker.getKafka() != null) {
            addNamed(refs, role, BrokerKind.KAFKA, broker.getKafka().getCredentialsSecret());
        }
        if (broker.getNats() != null) {
            addNamed(refs, role, BrokerKind.NATS, broker.getNats().getCredentialsSecret());
        }
        AmqpSpec amqp = broker.getAmqp();
        if (amqp != null && amqp.getUriSecret() != null && notBlank(amqp.getUriSecret().getName())) {
            String key = amqp.getUriSecret().getKey() == null ? "uri" : amqp.getUriSecret().getKey();
            refs.add(new SecretReference(role, BrokerKind.AMQP, amqp.getUriSecret().getName(), key));
        }
    }

    private static void addNamed(List<SecretReference> refs, QueueRole role, BrokerKind kind, String name) {
        if (notBlank(name)) {
            refs.add(new SecretReference(role, kind, name, null));
        }
    }

    private static boolean notBlank(String s) {
        return s != null && !s.isBlank();
    }
}
