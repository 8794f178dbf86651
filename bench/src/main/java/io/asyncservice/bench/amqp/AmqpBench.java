package io.asyncservice.bench.amqp;

import com.rabbitmq.client.Connection;
import io.asyncservice.bench.broker.BenchBroker;
import io.asyncservice.bench.broker.Lane;
import io.asyncservice.testing.LocalRabbitMq;
import java.io.IOException;

/** RabbitMQ: this machine's broker at 127.0.0.1:5672 (started if absent). */
public final class AmqpBench implements BenchBroker {

    private final Connection connection;

    private AmqpBench(Connection connection) {
        this.connection = connection;
    }

    public static AmqpBench start() {
        return new AmqpBench(LocalRabbitMq.connect());
    }

    @Override
    public String name() {
        return "amqp";
    }

    @Override
    public String description() {
        return "RabbitMQ " + connection.getServerProperties().get("version") + ": the machine's broker at "
                + LocalRabbitMq.HOST + ":" + LocalRabbitMq.PORT;
    }

    @Override
    public Lane newLane() {
        return new AmqpLane(connection);
    }

    @Override
    public void close() {
        try {
            connection.close();
        } catch (IOException e) {
            // already closed
        }
    }
}
