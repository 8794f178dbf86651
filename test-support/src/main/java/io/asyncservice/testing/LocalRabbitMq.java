package io.asyncservice.testing;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import java.io.IOException;
import java.util.concurrent.TimeoutException;

/** RabbitMQ on 127.0.0.1:5672 (guest/guest), installed and started by {@code dev/services} if it does not answer. */
public final class LocalRabbitMq {

    public static final String HOST = "127.0.0.1";
    public static final int PORT = 5672;
    public static final int MANAGEMENT_PORT = 15672;
    public static final String URI = "amqp://guest:guest@127.0.0.1:5672/%2F";
    public static final String MANAGEMENT_URL = "http://127.0.0.1:15672";

    private LocalRabbitMq() {
    }

    /** Makes sure the broker accepts AMQP connections and its management API answers. */
    public static void ensureRunning() {
        LocalServices.ensure("rabbitmq", HOST, PORT, MANAGEMENT_PORT);
    }

    /** Makes sure the management API (for ready + unacked counts) answers; {@code dev/services} always enables it. */
    public static void ensureManagement() {
        ensureRunning();
    }

    public static ConnectionFactory connectionFactory() {
        ensureRunning();
        ConnectionFactory factory = new ConnectionFactory();
        try {
            factory.setUri(URI);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        return factory;
    }

    /** A new connection; close it when done. */
    public static Connection connect() {
        try {
            return connectionFactory().newConnection("it");
        } catch (IOException | TimeoutException e) {
            throw new IllegalStateException("could not connect to RabbitMQ at " + HOST + ":" + PORT, e);
        }
    }

    /** Declares a durable queue, optionally with a dead-letter queue behind it. */
    public static void declareQueue(Channel channel, String queue) throws IOException {
        channel.queueDeclare(queue, true, false, false, null);
    }

    public static void deleteQueues(String... queues) {
        try (Connection c = connect(); Channel ch = c.createChannel()) {
            for (String q : queues) {
                ch.queueDelete(q);
            }
        } catch (IOException | TimeoutException e) {
            throw new IllegalStateException(e);
        }
    }
}
