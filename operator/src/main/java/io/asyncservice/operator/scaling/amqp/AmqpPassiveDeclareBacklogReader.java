package io.asyncservice.operator.scaling.amqp;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.AlreadyClosedException;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.ShutdownSignalException;
import io.asyncservice.operator.scaling.Backlog;
import io.asyncservice.operator.scaling.BacklogReadException;
import io.asyncservice.operator.scaling.BacklogReader;
import io.asyncservice.operator.scaling.ClientPool;
import java.io.IOException;
import java.util.concurrent.TimeoutException;

/**
 * AMQP backlog without the management API: the ready messages from a passive queue declare. Unacknowledged
 * messages are invisible this way, so set managementUrl to keep in-flight work from counting as idle.
 */
public final class AmqpPassiveDeclareBacklogReader implements BacklogReader {

    private final ClientPool.Lease<AmqpConnectionKey.ConnectionHandle> lease;
    private final String queue;

    AmqpPassiveDeclareBacklogReader(ClientPool.Lease<AmqpConnectionKey.ConnectionHandle> lease, String queue) {
        this.lease = lease;
        this.queue = queue;
    }

    @Override
    public Backlog read() throws BacklogReadException {
        // A channel per read: a passive declare of a missing queue closes its channel.
        try (Channel channel = lease.client().connection().createChannel()) {
            if (channel == null) {
                throw new BacklogReadException(BacklogReadException.READ_FAILED, "RabbitMQ at " + lease.endpoint() + " has no free channel");
            }
            AMQP.Queue.DeclareOk ok = channel.queueDeclarePassive(queue);
            return Backlog.of(ok.getMessageCount());
        } catch (AlreadyClosedException e) {
            throw new BacklogReadException(BacklogReadException.UNREACHABLE, "RabbitMQ at " + lease.endpoint()
                    + " is not connected: " + e.getMessage(), e);
        } catch (IOException e) {
            if (e.getCause() instanceof ShutdownSignalException s && String.valueOf(s.getMessage()).contains("NOT_FOUND")) {
                throw new BacklogReadException(BacklogReadException.QUEUE_NOT_FOUND, "RabbitMQ queue " + queue + " does not exist on "
                        + lease.endpoint(), e);
            }
            throw new BacklogReadException(BacklogReadException.READ_FAILED, "RabbitMQ at " + lease.endpoint() + ": " + e, e);
        } catch (TimeoutException e) {
            throw new BacklogReadException(BacklogReadException.TIMEOUT, "RabbitMQ at " + lease.endpoint() + " did not answer in time", e);
        } catch (ShutdownSignalException e) {
            throw new BacklogReadException(BacklogReadException.UNREACHABLE, "RabbitMQ at " + lease.endpoint() + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        lease.close();
    }
}
