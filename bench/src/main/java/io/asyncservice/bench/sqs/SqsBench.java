package io.asyncservice.bench.sqs;

import io.asyncservice.bench.broker.BenchBroker;
import io.asyncservice.bench.broker.Lane;
import io.asyncservice.testing.EmbeddedSqs;

/** SQS on ElasticMQ, embedded in the bench JVM (the project's {@link EmbeddedSqs}). */
public final class SqsBench implements BenchBroker {

    private final EmbeddedSqs sqs;

    private SqsBench(EmbeddedSqs sqs) {
        this.sqs = sqs;
    }

    public static SqsBench start() {
        return new SqsBench(EmbeddedSqs.start());
    }

    @Override
    public String name() {
        return "sqs";
    }

    @Override
    public String description() {
        return "SQS: ElasticMQ (embedded, in the bench JVM) at " + sqs.endpoint();
    }

    @Override
    public Lane newLane() {
        return new SqsLane(sqs);
    }

    @Override
    public void close() {
        sqs.close();
    }
}
