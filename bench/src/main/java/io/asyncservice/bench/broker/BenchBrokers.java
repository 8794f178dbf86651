package io.asyncservice.bench.broker;

import io.asyncservice.bench.amqp.AmqpBench;
import io.asyncservice.bench.kafka.KafkaBench;
import io.asyncservice.bench.nats.NatsBench;
import io.asyncservice.bench.sqs.SqsBench;

/** Starts (or connects to) the broker of a kind. */
public final class BenchBrokers {

    private BenchBrokers() {
    }

    public static BenchBroker start(String kind) {
        return switch (kind) {
            case "amqp" -> AmqpBench.start();
            case "kafka" -> KafkaBench.start();
            case "nats" -> NatsBench.start();
            case "sqs" -> SqsBench.start();
            default -> throw new IllegalArgumentException("unknown broker " + kind);
        };
    }
}
