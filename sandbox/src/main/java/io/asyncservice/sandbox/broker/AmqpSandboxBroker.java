package io.asyncservice.sandbox.broker;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.GetResponse;
import io.asyncservice.testing.LocalRabbitMq;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeoutException;

/**
 * AMQP: this machine's RabbitMQ (127.0.0.1:5672, guest/guest), with durable queues {@code <name>.jobs},
 * {@code <name>.results} and {@code <name>.dead}. The request id is the message id. The broker is shared with
 * other users of the machine, so every name is unique and deleted afterwards.
 */
public final class AmqpSandboxBroker implements SandboxBroker {

    private final Connection connection;
    private final Channel channel;

    private AmqpSandboxBroker(Connection connection) throws IOException {
        this.connection = connection;
        this.channel = connection.createChannel();
        channel.confirmSelect();
    }

    public static AmqpSandboxBroker start() {
        try {
            return new AmqpSandboxBroker(LocalRabbitMq.connect());
        } catch (IOException e) {
            throw new IllegalStateException("cannot open a channel on RabbitMQ", e);
        }
    }

    @Override
    public String kind() {
        return "amqp";
    }

    @Override
    public Map<String, String> provision(String name) {
        try {
            for (String q : List.of(name + ".jobs", name + ".results", name + ".dead")) {
                LocalRabbitMq.declareQueue(channel, q);
                // The machine's RabbitMQ outlives the sandbox: an earlier run's messages must not be counted.
                channel.queuePurge(q);
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot declare the queues of " + name, e);
        }
        Map<String, String> values = new HashMap<>(SandboxBroker.common(name));
        values.put("AMQP_URI", LocalRabbitMq.URI);
        values.put("INPUT_QUEUE", name + ".jobs");
        values.put("OUTPUT_QUEUE", name + ".results");
        values.put("DEAD_LETTER_QUEUE", name + ".dead");
        return values;
    }

    @Override
    public void send(String name, Map<String, String> bodiesByRequestId) {
        try {
            for (Map.Entry<String, String> m : bodiesByRequestId.entrySet()) {
                AMQP.BasicProperties props = new AMQP.BasicProperties.Builder().messageId(m.getKey())
                        .contentType("application/json").deliveryMode(2).build();
                channel.basicPublish("", name + ".jobs", props, m.getValue().getBytes(StandardCharsets.UTF_8));
            }
            channel.waitForConfirmsOrDie(60_000);
        } catch (IOException | InterruptedException | TimeoutException e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            throw new IllegalStateException("RabbitMQ did not confirm a message", e);
        }
    }

    @Override
    public List<BrokerMessage> receive(String name, Duration wait) {
        List<BrokerMessage> out = new ArrayList<>();
        long deadline = System.nanoTime() + wait.toNanos();
        try {
            do {
                drain(name + ".results", false, out);
                drain(name + ".dead", true, out);
                if (out.isEmpty()) {
                    Thread.sleep(100);
                }
            } while (out.isEmpty() && System.nanoTime() < deadline);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read the results of " + name, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return out;
    }

    private void drain(String queue, boolean deadLetter, List<BrokerMessage> out) throws IOException {
        GetResponse r;
        while ((r = channel.basicGet(queue, true)) != null) {
            out.add(SandboxBroker.parse(new String(r.getBody(), StandardCharsets.UTF_8), deadLetter));
        }
    }

    @Override
    public void deprovision(String name) {
        LocalRabbitMq.deleteQueues(name + ".jobs", name + ".results", name + ".dead");
    }

    @Override
    public void close() {
        try {
            connection.close();
        } catch (IOException e) {
            // closing anyway
        }
    }
}
