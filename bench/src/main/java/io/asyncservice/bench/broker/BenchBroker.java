package io.asyncservice.bench.broker;

/**
 * One real broker for the benchmarks. Each measurement takes a fresh {@link Lane} (its own queues), so that no run
 * sees another's messages. One implementation per broker, in its own package.
 */
public interface BenchBroker extends AutoCloseable {

    /** {@code sqs}, {@code kafka}, {@code nats} or {@code amqp}. */
    String name();

    /** What the broker is and where it runs, for the report, e.g. "ElasticMQ 1.6 in the bench JVM". */
    String description();

    /** New, empty input and output queues (topics, streams) with unique names. */
    Lane newLane();

    @Override
    void close();
}
