package io.asyncservice.operator.scaling;

import io.asyncservice.api.v1alpha1.BrokerSpec;
import io.asyncservice.operator.scaling.amqp.AmqpBacklogReaders;
import io.asyncservice.operator.scaling.kafka.KafkaBacklogReader;
import io.asyncservice.operator.scaling.nats.NatsBacklogReader;
import io.asyncservice.operator.scaling.sqs.SqsBacklogReader;
import java.time.Duration;
import java.util.Objects;

/**
 * The backlog readers of the four broker kinds, KEDA style: adding a broker is one reader class and one case here.
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

    @Override
    public String endpointOf(ScaledService service) {
        BrokerSpec input = service.input();
        return switch (input.kind()) {
            case AMQP -> input.getAmqp().getManagementUrl() != null
                    ? "amqp:" + input.getAmqp().getManagementUrl()
                    : "amqp:" + service.namespace() + "/" + input.getAmqp().getUriSecret().getName();
            case KAFKA -> "kafka:" + input.getKafka().getBootstrapServers();
            case NATS -> "nats:" + String.join(",", input.getNats().getServers());
            case SQS -> "sqs:" + (input.getSqs().getEndpoint() != null ? input.getSqs().getEndpoint() : hostOf(input.getSqs().getQueueUrl()));
        };
    }

    private static String hostOf(String url) {
        int start = url.indexOf("://");
        int end = url.indexOf('/', start + 3);
        return end < 0 ? url : url.substring(0, end);
    }
}
