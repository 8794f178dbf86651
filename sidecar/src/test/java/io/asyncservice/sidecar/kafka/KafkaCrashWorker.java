package io.asyncservice.sidecar.kafka;

import io.asyncservice.api.sidecar.QueueRole;
import io.asyncservice.api.v1alpha1.KafkaOrdering;
import io.asyncservice.sidecar.broker.Delivery;
import io.asyncservice.sidecar.broker.MessageSink;
import io.asyncservice.sidecar.broker.MessageSource;
import io.asyncservice.sidecar.broker.OutboundMessage;
import io.asyncservice.sidecar.testing.TestingSecrets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * The process {@link KafkaCrashIT} kills: 16 workers consume the input with {@code unordered} ordering, finish records
 * in random order after random delays, write each one's output (and wait until Kafka has it) and only then ack, as the
 * engine does. Arguments: bootstrap servers, input topic, consumer group, output topic.
 */
public final class KafkaCrashWorker {

    static final int CONCURRENCY = 16;

    private KafkaCrashWorker() {
    }

    public static void main(String[] args) throws Exception {
        String bootstrap = args[0];
        KafkaConnector connector = new KafkaConnector();
        // The restarted worker gets the partitions once the killed one's session expired; keep that short here.
        MessageSource source = connector.openSource(spec(bootstrap, args[1], args[2]), KafkaTestSupport.concurrency(CONCURRENCY),
                TestingSecrets.kafka(QueueRole.INPUT, Map.of("session.timeout.ms", "6000")));
        MessageSink sink = connector.openSink(spec(bootstrap, args[3], null), QueueRole.OUTPUT, TestingSecrets.none());
        for (int i = 0; i < CONCURRENCY; i++) {
            Thread worker = new Thread(() -> work(source, sink), "worker-" + i);
            worker.start();
        }
        System.out.println("worker started");
    }

    private static void work(MessageSource source, MessageSink sink) {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        try {
            while (true) {
                for (Delivery d : source.receive(1, Duration.ofMillis(500))) {
                    // Mostly short, sometimes long: completions come back far out of offset order.
                    Thread.sleep(random.nextInt(100) < 5 ? 200 + random.nextInt(300) : random.nextInt(30));
                    sink.publish(new OutboundMessage(d.requestId(), d.body(), "text/plain", Map.of()))
                            .toCompletableFuture().get(30, TimeUnit.SECONDS);
                    d.ack();
                }
            }
        } catch (Exception e) {
            System.err.println("worker failed: " + e);
            System.exit(1);
        }
    }

    private static io.asyncservice.api.v1alpha1.BrokerSpec spec(String bootstrap, String topic, String group) {
        io.asyncservice.api.v1alpha1.KafkaSpec kafka = new io.asyncservice.api.v1alpha1.KafkaSpec();
        kafka.setBootstrapServers(bootstrap);
        kafka.setTopic(topic);
        kafka.setConsumerGroup(group);
        kafka.setOrdering(KafkaOrdering.UNORDERED);
        io.asyncservice.api.v1alpha1.BrokerSpec spec = new io.asyncservice.api.v1alpha1.BrokerSpec();
        spec.setKafka(kafka);
        return spec;
    }
}
