package io.asyncservice.operator.scaling.amqp;

import com.rabbitmq.client.ConnectionFactory;
import io.asyncservice.api.v1alpha1.AmqpSpec;
import io.asyncservice.operator.scaling.BacklogReadException;
import io.asyncservice.operator.scaling.BacklogReader;
import io.asyncservice.operator.scaling.ClientPool;
import io.asyncservice.operator.scaling.SecretReader;
import java.time.Duration;

/** Opens the AMQP reader a spec asks for: the management API when managementUrl is set, else a passive declare. */
public final class AmqpBacklogReaders {

    private AmqpBacklogReaders() {
    }

    public static BacklogReader open(String namespace, AmqpSpec spec, SecretReader secrets, ClientPool pool, Duration callTimeout)
            throws BacklogReadException {
        String uri = AmqpUri.read(namespace, spec, secrets);
        if (spec.getManagementUrl() != null && !spec.getManagementUrl().isBlank()) {
            ConnectionFactory parsed = AmqpUri.factory(uri);
            RabbitManagementKey key = new RabbitManagementKey(spec.getManagementUrl(), parsed.getUsername(), parsed.getPassword(),
                    callTimeout);
            return new AmqpManagementBacklogReader(pool.acquire(key), parsed.getVirtualHost(), spec.getQueue());
        }
        return new AmqpPassiveDeclareBacklogReader(pool.acquire(new AmqpConnectionKey(uri, callTimeout)), spec.getQueue());
    }
}
