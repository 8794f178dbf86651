package io.asyncservice.operator.model;

import io.asyncservice.api.broker.SecretUse;
import io.asyncservice.api.sidecar.QueueRole;
import io.asyncservice.api.v1alpha1.AsyncServiceSpec;
import io.asyncservice.api.v1alpha1.BrokerKind;
import io.asyncservice.api.v1alpha1.BrokerSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * One Secret an AsyncService refers to: where in the spec, and how its values reach the sidecar, as the broker's
 * descriptor says ({@link SecretUse}).
 *
 * @param role where the broker appears: input, output or dead letter
 * @param kind the broker kind
 * @param use  the Secret's name and how it is passed
 */
public record SecretReference(QueueRole role, BrokerKind kind, SecretUse use) {

    public String secretName() {
        return use.secretName();
    }

    /** The spec field that names the Secret, for messages, e.g. {@code spec.input.sqs.credentialsSecret}. */
    public String field() {
        return "spec." + role.field() + "." + kind.fieldName() + "." + use.field();
    }

    /** The keys that must be in the Secret, or the pod cannot start. */
    public List<String> requiredKeys() {
        return use.requiredKeys();
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
        for (BrokerKind kind : BrokerKind.values()) {
            kind.secret(role, broker).ifPresent(use -> refs.add(new SecretReference(role, kind, use)));
        }
    }
}
