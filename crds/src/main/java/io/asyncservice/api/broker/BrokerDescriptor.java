package io.asyncservice.api.broker;

import io.asyncservice.api.sidecar.QueueRole;
import io.asyncservice.api.v1alpha1.BrokerKind;
import io.asyncservice.api.v1alpha1.BrokerSpec;
import java.util.Optional;

/**
 * Everything about one broker kind that needs no client: where it sits in the spec, which fields it requires, which
 * Secret it refers to and how the Secret's values reach the sidecar, what identifies its endpoint, and where its
 * example is. The operator and the sidecar both ask the descriptor instead of branching on the kind; each runtime
 * keeps one registry of what does need a client (the sidecar's connectors, the scaler's backlog readers).
 *
 * @param <S> the kind's spec class, e.g. {@code SqsSpec}
 */
public interface BrokerDescriptor<S> {

    BrokerKind kind();

    /** The kind's spec on {@code broker}, or null when another kind is set. */
    S specOf(BrokerSpec broker);

    /**
     * Checks the kind's own fields, the same for the operator and the sidecar: required fields, formats, durations.
     *
     * @param at the spec path of the kind's object, e.g. {@code spec.input.sqs} or {@code input.sqs}
     */
    void check(QueueRole role, String at, S spec, BrokerProblems problems);

    /**
     * Checks the Secret reference, which only the operator sees as a reference (the sidecar gets the values).
     *
     * @param at as for {@link #check}
     */
    default void checkSecretReference(QueueRole role, String at, S spec, BrokerProblems problems) {
        // most kinds' Secrets are optional
    }

    /** The Secret this broker refers to, if any, and how its values reach the sidecar. */
    Optional<SecretUse> secret(QueueRole role, S spec);

    /**
     * What identifies the broker endpoint a client talks to, e.g. {@code kafka:broker-0:9092}: specs with equal
     * endpoints share the scaler's clients and its per-endpoint read limit.
     */
    String endpoint(String namespace, S spec);

    /**
     * Whether the broker itself puts aside a message that keeps failing (SQS redrive, JetStream max deliveries,
     * RabbitMQ dead-letter exchanges). Kafka has no such policy, so a Kafka input needs an output or a dead letter.
     */
    default boolean hasDeadLetterPolicy() {
        return true;
    }

    /** The kind's field name in the spec, e.g. {@code sqs}. */
    default String field() {
        return kind().fieldName();
    }

    /** The repository path of the example users start from. */
    default String example() {
        return "deploy/examples/" + field() + ".yaml";
    }
}
