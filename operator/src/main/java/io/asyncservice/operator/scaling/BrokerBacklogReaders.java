package io.asyncservice.operator.scaling;

import io.asyncservice.api.v1alpha1.BrokerSpec;
import io.asyncservice.operator.scaling.amqp.AmqpBacklogReaders;
import io.asyncservice.operator.scaling.kafka.KafkaBacklogReader;
import io.asyncservice.operator.scaling.nats.NatsBacklogReader;
import io.asyncservice.operator.scaling.sqs.SqsBacklogReader;
import java.time.Duration;
import java.util.Objects;

/**
 * The scaler's one registry of broker kinds: the backlog reader of each, KEDA style. Adding a broker is one reader
 * package and one case here; what needs no client (its endpoint identity, its Secret) is in the kind's descriptor.
 * Clients come from one shared {@link ClientPool}; every broker call is bounded by {@code callTimeout}.
 */
public final class BrokerBacklogReaders implements BacklogReaderFactory {

    private final SecretReader secrets;
    private final ClientPool pool;
    private final Duration callTimeout;

    public BrokerBacklogReaders(SecretReader secrets, ClientPool pool, Duration callTimeout) {
        this.secrets = Objects.requireNonNull(secrets, "secrets");
        this.pool = Objects.requireNonNull(pool, "pool");
        this.callTimeout = Objects.requireNonNull(callTimeout, "callTimeout");
    }

    @Override
    public BacklogReader open(ScaledService service) throws BacklogReadException {
        BrokerSpec input = service.input();
        String ns = service.namespace();
        return switch (input.kind()) {
            case AMQP -> AmqpBacklogReaders.open(ns, input.getAmqp(), secrets, pool, callTimeout);
            case KAFKA -> KafkaBacklogReader.open(ns, input.getKafka(), secrets, pool, callTimeout);
            case NATS -> NatsBacklogReader.open(ns, input.getNats(), secrets, pool, callTimeout);
            case SQS -> SqsBacklogReader.open(ns, input.getSqs(), secrets, pool, callTimeout);
        };
    }

    /** The descriptor's endpoint identity, e.g. {@code kafka:broker-0:9092}. */
    @Override
    public String endpointOf(ScaledService service) {
        return service.input().kind().endpoint(service.namespace(), service.input());
    }
}
