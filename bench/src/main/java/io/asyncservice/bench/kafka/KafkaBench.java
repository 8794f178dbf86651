package io.asyncservice.bench.kafka;

import io.asyncservice.bench.broker.BenchBroker;
import io.asyncservice.bench.broker.Lane;
import io.asyncservice.testing.EmbeddedKafka;

/** Kafka: one KRaft broker (combined broker and controller) in the bench JVM, the project's {@link EmbeddedKafka}. */
public final class KafkaBench implements BenchBroker {

    private final EmbeddedKafka kafka;

    private KafkaBench(EmbeddedKafka kafka) {
        this.kafka = kafka;
    }

    public static KafkaBench start() {
        return new KafkaBench(EmbeddedKafka.start());
    }

    @Override
    public String name() {
        return "kafka";
    }

    @Override
    public String description() {
        return "Kafka: one KRaft node (embedded, in the bench JVM) at " + kafka.bootstrapServers();
    }

    @Override
    public Lane newLane() {
        return new KafkaLane(kafka);
    }

    @Override
    public void close() {
        kafka.close();
    }
}
