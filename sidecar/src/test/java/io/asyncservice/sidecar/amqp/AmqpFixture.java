package io.asyncservice.sidecar.amqp;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.GetResponse;
import io.asyncservice.api.sidecar.QueueRole;
import io.asyncservice.api.sidecar.SidecarContract;
import io.asyncservice.api.v1alpha1.AmqpSpec;
import io.asyncservice.api.v1alpha1.BrokerSpec;
import io.asyncservice.api.v1alpha1.SecretKeyRef;
import io.asyncservice.sidecar.testing.BrokerFixture;
import io.asyncservice.testing.LocalRabbitMq;
import io.asyncservice.testing.UniqueNames;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The machine's RabbitMQ as a {@link BrokerFixture}: a quorum queue as input (it counts deliveries in
 * {@code x-delivery-count}), classic queues for output and dead letter, the URI handed over as the secret variables.
 *
 * <p>RabbitMQ has no lease, so {@code lease} changes nothing here. AMQP cannot count unacknowledged messages and the
 * management API's counts lag by seconds, so the in-flight count comes from {@code rabbitmqctl}; that takes a few
 * seconds, so it is asked only when no message is ready (while messages are ready the backlog is not empty anyway, and
 * in-flight is reported as 0).
 *
 * <p>No output limit ({@link #createQueuesWithOutputLimit} is empty): RabbitMQ 3.10 refuses large messages only by the
 * node-wide {@code max_message_size} (128 MiB by default), which no queue can lower, and changing it would change it for
 * everyone using the broker. ({@code x-max-length-bytes} bounds a queue's total, and a publish over it is nacked, which
 * is no refusal of the message.)
 */
public final class AmqpFixture implements BrokerFixture {

    private final Connection connection = LocalRabbitMq.connect();

    @Override
    public String name() {
        return "amqp";
    }

    @Override
    public boolean countsRedeliveries() {
        return true;
    }

    @Override
    public AmqpQueues createQueues(Duration lease) {
        return new AmqpQueues(connection);
    }

    @Override
    public void close() {
        try {
            connection.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** One test's queues. */
    public static final class AmqpQueues implements Queues {

        private final Channel channel;
        private final String input = UniqueNames.of("it-amqp-in");
        private final String output = UniqueNames.of("it-amqp-out");
        private final String deadLetter = UniqueNames.of("it-amqp-dlq");

        AmqpQueues(Connection connection) {
            try {
                this.channel = connection.createChannel();
                channel.confirmSelect();
                channel.queueDeclare(input, true, false, false, Map.of("x-queue-type", "quorum"));
                LocalRabbitMq.declareQueue(channel, output);
                LocalRabbitMq.declareQueue(channel, deadLetter);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
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

        @Override
        public BrokerSpec deadLetter() {
            return spec(deadLetter);
        }

        private static BrokerSpec spec(String queue) {
            AmqpSpec amqp = new AmqpSpec();
            amqp.setUriSecret(new SecretKeyRef("rabbitmq", "uri"));
            amqp.setQueue(queue);
            BrokerSpec spec = new BrokerSpec();
            spec.setAmqp(amqp);
            return spec;
        }

        /** The URI as the operator hands it over: one secret variable per role. */
        @Override
        public Map<String, String> sidecarEnv() {
            Map<String, String> env = new HashMap<>();
            for (QueueRole role : QueueRole.values()) {
                env.put(SidecarContract.secretEnv(role, SidecarContract.AMQP_URI_KEY), LocalRabbitMq.URI);
            }
            return env;
        }

        @Override
        public void publish(List<TestMessage> messages) {
            try {
                for (TestMessage m : messages) {
                    AMQP.BasicProperties props = new AMQP.BasicProperties.Builder().messageId(m.requestId())
                            .contentType(m.contentType()).deliveryMode(2).build();
                    channel.basicPublish("", input, true, props, m.body().getBytes(StandardCharsets.UTF_8));
                }
                channel.waitForConfirmsOrDie(10_000);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (InterruptedException | TimeoutException e) {
                throw new IllegalStateException("the broker did not confirm the test messages", e);
            }
        }

        @Override
        public List<ReceivedMessage> takeOutputs(Duration maxWait) {
            return take(output, maxWait);
        }

        @Override
        public List<ReceivedMessage> takeDeadLetters(Duration maxWait) {
            return take(deadLetter, maxWait);
        }

        private List<ReceivedMessage> take(String queue, Duration maxWait) {
            List<ReceivedMessage> taken = new ArrayList<>();
            long deadline = System.nanoTime() + maxWait.toNanos();
            try {
                while (true) {
                    GetResponse got = channel.basicGet(queue, true);
                    if (got != null) {
                        Map<String, String> headers = AmqpHeaders.lowerCased(got.getProps());
                        taken.add(new ReceivedMessage(got.getProps().getMessageId(), got.getBody(), headers));
                        continue;
                    }
                    if (!taken.isEmpty() || System.nanoTime() >= deadline) {
                        return taken;
                    }
                    Thread.sleep(20);
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return taken;
            }
        }

        @Override
        public InputBacklog inputBacklog() {
            try {
                long ready = channel.queueDeclarePassive(input).getMessageCount();
                return new InputBacklog(ready, ready > 0 ? 0 : unacked(input));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        /**
         * Gets what is ready with basic.get and no auto-ack, holding each until the round has them all, then gives them
         * back with basic.nack and requeue. The input is a quorum queue, which counts each such return in
         * {@code x-delivery-count}; a classic queue would only set the redelivered flag, once.
         */
        @Override
        public void bounceInputs(int times) {
            try {
                long waiting = channel.queueDeclarePassive(input).getMessageCount();
                for (int round = 1; round <= times; round++) {
                    List<Long> held = new ArrayList<>();
                    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
                    while (held.size() < waiting && System.nanoTime() < deadline) {
                        GetResponse got = channel.basicGet(input, false);
                        if (got == null) {
                            Thread.sleep(20);
                        } else {
                            held.add(got.getEnvelope().getDeliveryTag());
                        }
                    }
                    for (long tag : held) {
                        channel.basicNack(tag, false, true);
                    }
                    if (held.size() < waiting) {
                        throw new IllegalStateException("bounce round " + round + " took " + held.size() + " of the "
                                + waiting + " messages ready in " + input);
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }

        /** Unacknowledged messages of a queue, as the broker counts them right now. */
        private static long unacked(String queue) {
            try {
                Process p = new ProcessBuilder("rabbitmqctl", "list_queues", "-q", "--no-table-headers", "name",
                        "messages_unacknowledged").redirectErrorStream(true).start();
                String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
                    throw new IllegalStateException("rabbitmqctl list_queues failed: " + out);
                }
                for (String line : out.split("\n")) {
                    String[] cols = line.trim().split("\\s+");
                    if (cols.length == 2 && cols[0].equals(queue)) {
                        return Long.parseLong(cols[1]);
                    }
                }
                throw new IllegalStateException("rabbitmqctl does not list queue " + queue + ": " + out);
            } catch (IOException e) {
                throw new UncheckedIOException("could not run rabbitmqctl", e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }

        @Override
        public void close() {
            try {
                channel.close();
            } catch (IOException | TimeoutException | RuntimeException ignored) {
                // the queues go anyway
            }
            LocalRabbitMq.deleteQueues(input, output, deadLetter);
        }
    }
}
