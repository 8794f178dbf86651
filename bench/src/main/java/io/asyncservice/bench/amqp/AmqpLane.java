package io.asyncservice.bench.amqp;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.Delivery;
import io.asyncservice.api.sidecar.QueueRole;
import io.asyncservice.api.sidecar.SidecarContract;
import io.asyncservice.api.v1alpha1.AmqpSpec;
import io.asyncservice.api.v1alpha1.BrokerSpec;
import io.asyncservice.api.v1alpha1.SecretKeyRef;
import io.asyncservice.bench.broker.Lane;
import io.asyncservice.bench.broker.Rate;
import io.asyncservice.bench.broker.RateClock;
import io.asyncservice.testing.LocalRabbitMq;
import io.asyncservice.testing.UniqueNames;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A quorum queue as input (what the README recommends: it counts deliveries) and a classic durable queue as output.
 * The broker limit is a {@code basic.consume} with {@code basic.qos(c)} and manual acks, one per message, as the
 * sidecar consumes; outputs are persistent publishes confirmed by the broker.
 */
final class AmqpLane implements Lane {

    private final Connection connection;
    private final Channel channel;
    private final String input = UniqueNames.of("bench-amqp-in");
    private final String output = UniqueNames.of("bench-amqp-out");
    private Channel relayChannel;
    private final BlockingQueue<Delivery> relayed = new LinkedBlockingQueue<>();
    private Channel readerChannel;
    private final BlockingQueue<Delivery> outputs = new LinkedBlockingQueue<>();

    AmqpLane(Connection connection) {
        this.connection = connection;
        try {
            this.channel = connection.createChannel();
            channel.confirmSelect();
            channel.queueDeclare(input, true, false, false, Map.of("x-queue-type", "quorum"));
            LocalRabbitMq.declareQueue(channel, output);
        } catch (IOException e) {
            throw new IllegalStateException("cannot declare the queues", e);
        }
    }

    @Override
    public BrokerSpec input() {
        return spec(input);
    }

    @Override
    public BrokerSpec output() {
        return spec(output);
    }

    private static BrokerSpec spec(String queue) {
        AmqpSpec a = new AmqpSpec();
        a.setUriSecret(new SecretKeyRef("rabbitmq", "uri"));
        a.setQueue(queue);
        BrokerSpec b = new BrokerSpec();
        b.setAmqp(a);
        return b;
    }

    @Override
    public Map<String, String> sidecarEnv() {
        Map<String, String> env = new HashMap<>();
        for (QueueRole role : QueueRole.values()) {
            env.put(SidecarContract.secretEnv(role, SidecarContract.AMQP_URI_KEY), LocalRabbitMq.URI);
        }
        return env;
    }

    @Override
    public void publish(int count, String requestIdPrefix) {
        try {
            for (int i = 0; i < count; i++) {
                AMQP.BasicProperties props = new AMQP.BasicProperties.Builder().messageId(requestIdPrefix + i)
                        .contentType("application/json").deliveryMode(2).build();
                channel.basicPublish("", input, true, props, ("{\"i\":" + i + "}").getBytes(StandardCharsets.UTF_8));
            }
            channel.waitForConfirmsOrDie(30_000);
        } catch (IOException | InterruptedException | TimeoutException e) {
            throw new IllegalStateException("RabbitMQ did not confirm the messages", e);
        }
    }

    @Override
    public Rate consumeAndAck(int concurrency, int count, Duration timeout) {
        RateClock clock = new RateClock();
        CountDownLatch done = new CountDownLatch(1);
        try (Channel consumer = connection.createChannel()) {
            consumer.basicQos(concurrency);
            String tag = consumer.basicConsume(input, false, (t, d) -> {
                consumer.basicAck(d.getEnvelope().getDeliveryTag(), false);
                if (clock.add(1) >= count) {
                    done.countDown();
                }
            }, t -> { });
            done.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
            consumer.basicCancel(tag);
        } catch (IOException | TimeoutException e) {
            throw new IllegalStateException("the plain AMQP consumer failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return clock.rate();
    }

    @Override
    public boolean relayOne(Duration timeout, Runnable handle) {
        try {
            if (relayChannel == null) {
                relayChannel = connection.createChannel();
                relayChannel.confirmSelect();
                relayChannel.basicQos(1);
                relayChannel.basicConsume(input, false, (t, d) -> relayed.add(d), t -> { });
            }
            Delivery d = relayed.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
            if (d == null) {
                return false;
            }
            handle.run();
            relayChannel.basicPublish("", output, true, d.getProperties(), d.getBody());
            relayChannel.waitForConfirmsOrDie(30_000);
            relayChannel.basicAck(d.getEnvelope().getDeliveryTag(), false);
            return true;
        } catch (IOException | TimeoutException e) {
            throw new IllegalStateException("the AMQP relay failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    @Override
    public boolean takeOutput(Duration timeout) {
        try {
            if (readerChannel == null) {
                readerChannel = connection.createChannel();
                readerChannel.basicConsume(output, true, (t, d) -> outputs.add(d), t -> { });
            }
            return outputs.poll(timeout.toMillis(), TimeUnit.MILLISECONDS) != null;
        } catch (IOException e) {
            throw new IllegalStateException("cannot read the output", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Ready messages on the output (what no consumer holds). */
    @Override
    public long outputCount() {
        return ready(output);
    }

    /** Ready messages on the input; unacknowledged ones are not counted (AMQP cannot tell them cheaply). */
    @Override
    public long inputBacklog() {
        return ready(input);
    }

    private long ready(String queue) {
        try {
            return channel.queueDeclarePassive(queue).getMessageCount();
        } catch (IOException e) {
            throw new IllegalStateException("cannot count " + queue, e);
        }
    }

    @Override
    public void close() {
        for (Channel c : new Channel[] {relayChannel, readerChannel, channel}) {
            if (c != null && c.isOpen()) {
                try {
                    c.close();
                } catch (IOException | TimeoutException | RuntimeException ignored) {
                    // the queues go anyway
                }
            }
        }
        LocalRabbitMq.deleteQueues(input, output);
    }
}
