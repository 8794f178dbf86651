package io.asyncservice.api.v1alpha1;

import io.asyncservice.api.broker.AmqpBrokerDescriptor;
import io.asyncservice.api.broker.BrokerDescriptor;
import io.asyncservice.api.broker.BrokerProblems;
import io.asyncservice.api.broker.KafkaBrokerDescriptor;
import io.asyncservice.api.broker.NatsBrokerDescriptor;
import io.asyncservice.api.broker.SecretUse;
import io.asyncservice.api.broker.SqsBrokerDescriptor;
import io.asyncservice.api.sidecar.QueueRole;
import java.util.Locale;
import java.util.Optional;

/**
 * The broker kinds, and the one registry of their {@link BrokerDescriptor}s: adding a broker is its spec class, a
 * field in {@link BrokerSpec}, its descriptor, and one constant here (with {@link #ONE_OF} and
 * {@link #EXACTLY_ONE_RULE}, which a test derives from the constants).
 */
public enum BrokerKind {
    SQS(new SqsBrokerDescriptor()),
    KAFKA(new KafkaBrokerDescriptor()),
    NATS(new NatsBrokerDescriptor()),
    AMQP(new AmqpBrokerDescriptor());

    /** The kinds, as messages name them. A constant, since annotations need one; a test checks it against the enum. */
    public static final String ONE_OF = "sqs, kafka, nats or amqp";
    /** The CRD's CEL rule that a broker sets exactly one kind; a test checks it against the enum. */
    public static final String EXACTLY_ONE_RULE =
            "[has(self.sqs), has(self.kafka), has(self.nats), has(self.amqp)].filter(x, x).size() == 1";

    private final BrokerDescriptor<?> descriptor;

    BrokerKind(BrokerDescriptor<?> descriptor) {
        this.descriptor = descriptor;
    }

    /** The field name used in the spec, e.g. {@code sqs}. */
    public String fieldName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The kind whose field name is {@code field}, e.g. {@code sqs}; a clear error for any other word. */
    public static BrokerKind ofField(String field) {
        for (BrokerKind kind : values()) {
            if (kind.fieldName().equals(field)) {
                return kind;
            }
        }
        throw new IllegalArgumentException("unknown broker " + field + ": use " + ONE_OF);
    }

    public BrokerDescriptor<?> descriptor() {
        return descriptor;
    }

    /** Whether this kind is set on {@code broker}. */
    public boolean isSetOn(BrokerSpec broker) {
        return descriptor.specOf(broker) != null;
    }

    /** The descriptor's checks of this kind's spec on {@code broker}, at {@code at.<kind>}. */
    public void check(QueueRole role, String at, BrokerSpec broker, BrokerProblems problems) {
        check(descriptor, role, at + "." + fieldName(), broker, problems, false);
    }

    /** The descriptor's checks of the Secret reference, which only the operator makes. */
    public void checkSecretReference(QueueRole role, String at, BrokerSpec broker, BrokerProblems problems) {
        check(descriptor, role, at + "." + fieldName(), broker, problems, true);
    }

    /** The Secret this kind's spec on {@code broker} refers to, if any. */
    public Optional<SecretUse> secret(QueueRole role, BrokerSpec broker) {
        return secret(descriptor, role, broker);
    }

    /** The endpoint identity of this kind's spec on {@code broker}. */
    public String endpoint(String namespace, BrokerSpec broker) {
        return endpoint(descriptor, namespace, broker);
    }

    /** The problem of an input with no failure destination on a broker without a dead-letter policy, if any. */
    public static Optional<String> failureDestinationProblem(String prefix, BrokerSpec input, BrokerSpec output,
            BrokerSpec deadLetter) {
        BrokerKind kind = input == null ? null : input.kind();
        if (kind == null || kind.descriptor.hasDeadLetterPolicy() || output != null || deadLetter != null) {
            return Optional.empty();
        }
        return Optional.of("a " + kind.displayName() + " input needs " + prefix + "output or " + prefix + "deadLetter: "
                + kind.displayName() + " has no dead-letter policy of its own, so failed messages need somewhere to go");
    }

    private String displayName() {
        return fieldName().substring(0, 1).toUpperCase(Locale.ROOT) + fieldName().substring(1);
    }

    private static <S> void check(BrokerDescriptor<S> d, QueueRole role, String at, BrokerSpec broker,
            BrokerProblems problems, boolean secretReference) {
        S spec = d.specOf(broker);
        if (spec == null) {
            return;
        }
        if (secretReference) {
            d.checkSecretReference(role, at, spec, problems);
        } else {
            d.check(role, at, spec, problems);
        }
    }

    private static <S> Optional<SecretUse> secret(BrokerDescriptor<S> d, QueueRole role, BrokerSpec broker) {
        S spec = d.specOf(broker);
        return spec == null ? Optional.empty() : d.secret(role, spec);
    }

    private static <S> String endpoint(BrokerDescriptor<S> d, String namespace, BrokerSpec broker) {
        S spec = d.specOf(broker);
        if (spec == null) {
            throw new IllegalArgumentException("the broker is not " + d.field());
        }
        return d.endpoint(namespace, spec);
    }
}
