package io.asyncservice.operator.scaling;

import java.util.OptionalInt;

/**
 * One reading of a queue's backlog: the messages waiting plus those received but not yet acknowledged, and for
 * Kafka the topic's partition count, which caps the useful replicas.
 */
public record Backlog(long messages, OptionalInt partitionCount) {

    public Backlog {
        if (messages < 0) {
            throw new IllegalArgumentException("a backlog is never negative: " + messages);
        }
    }

    public static Backlog of(long messages) {
        return new Backlog(messages, OptionalInt.empty());
    }

    public static Backlog of(long messages, int partitionCount) {
        return new Backlog(messages, OptionalInt.of(partitionCount));
    }
}
