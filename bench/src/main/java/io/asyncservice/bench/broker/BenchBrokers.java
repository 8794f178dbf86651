package io.asyncservice.bench.broker;

import io.asyncservice.api.v1alpha1.BrokerKind;
import io.asyncservice.bench.amqp.AmqpBench;
import io.asyncservice.bench.kafka.KafkaBench;
import io.asyncservice.bench.nats.NatsBench;
import io.asyncservice.bench.sqs.SqsBench;

/** Starts (or connects to) the broker of a kind. */
public final class BenchBrokers {

    private BenchBrokers() {
    }

    /** {@code kind} as the spec names it, e.g. {@code sqs}. */
    public static BenchBroker start(String kind) {
        // The bench's one registry of broker kinds: a new kind does not compile until it has a case here.
        return switch (BrokerKind.ofField(kind)) {
            case AMQP -> AmqpBench.start();
            case KAFKA -> KafkaBench.start();
            case NATS -> NatsBench.start();
            case SQS -> SqsBench.start();
        };
    }
}
