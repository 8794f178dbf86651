package io.asyncservice.testing;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import kafka.server.BrokerServer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.utils.Exit;
import org.apache.kafka.common.test.TestKitNodes;

/** A real single-node KRaft Kafka (broker and controller combined) in this JVM, on 127.0.0.1. */
public final class EmbeddedKafka implements AutoCloseable {

    private static EmbeddedKafka shared;

    private final KafkaClusterTestKit cluster;
    private final Admin admin;

    private EmbeddedKafka() throws Exception {
        // Kafka's test kit deletes the broker's directories in a JVM shutdown hook that races with close(): a broker
        // that sees its only log directory vanish halts the JVM with status 1, which fails the whole test run after
        // every test passed. In a test JVM the broker must never end the process; log instead.
        Exit.setHaltProcedure((status, message) -> System.err.println("embedded Kafka wanted to halt the JVM ("
                + status + "): " + message));
        Exit.setExitProcedure((status, message) -> System.err.println("embedded Kafka wanted to exit the JVM ("
                + status + "): " + message));
        TestKitNodes nodes = new TestKitNodes.Builder()
                .setCombined(true)
                .setNumBrokerNodes(1)
                .setNumControllerNodes(1)
                .build();
        this.cluster = new KafkaClusterTestKit.Builder(nodes)
                .setConfigProp("offsets.topic.replication.factor", "1")
                .setConfigProp("offsets.topic.num.partitions", "4")
                .setConfigProp("transaction.state.log.replication.factor", "1")
                .setConfigProp("transaction.state.log.min.isr", "1")
                .setConfigProp("group.initial.rebalance.delay.ms", "0")
                .setConfigProp("auto.create.topics.enable", "false")
                .build();
        cluster.format();
        cluster.startup();
        cluster.waitForReadyBrokers();
        Properties props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrapServers());
        this.admin = Admin.create(props);
    }

    /** Starts a cluster; close it when done. */
    public static EmbeddedKafka start() {
        try {
            return new EmbeddedKafka();
        } catch (Exception e) {
            throw new IllegalStateException("could not start the embedded Kafka", e);
        }
    }

    /** One cluster for the whole JVM, stopped when the JVM exits. */
    public static synchronized EmbeddedKafka shared() {
        if (shared == null) {
            shared = start();
            EmbeddedKafka k = shared;
            Runtime.getRuntime().addShutdownHook(new Thread(k::close, "embedded-kafka-stop"));
        }
        return shared;
    }

    public String bootstrapServers() {
        return cluster.bootstrapServers();
    }

    public Admin admin() {
        return admin;
    }

    /** Creates a topic and waits until it exists. */
    public void createTopic(String name, int partitions) {
        try {
            admin.createTopics(List.of(new NewTopic(name, partitions, (short) 1))).all().get(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException | java.util.concurrent.TimeoutException e) {
            throw new IllegalStateException("could not create topic " + name, e);
        }
    }

    public void deleteTopic(String name) {
        admin.deleteTopics(List.of(name));
    }

    /** Client properties that reach this cluster, to add consumer or producer settings to. */
    public Map<String, Object> clientProperties() {
        return Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
    }

    /**
     * A broker outage: stops the broker (the KRaft controller of the combined node stays up), keeps it down for
     * {@code downtime}, then starts it again on the same port with the same log directory, and waits until it is
     * ready. Clients see their connections refused, then the same broker with the same data.
     */
    public void restartBroker(Duration downtime) {
        BrokerServer broker = cluster.brokers().values().iterator().next();
        String before = bootstrapServers();
        broker.shutdown();
        broker.awaitShutdown();
        try {
            Thread.sleep(downtime.toMillis());
            broker.startup();
            cluster.waitForReadyBrokers();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("the embedded Kafka broker did not come back", e);
        }
        if (!before.equals(bootstrapServers())) {
            throw new IllegalStateException("the broker came back on " + bootstrapServers() + ", not " + before);
        }
    }

    @Override
    public void close() {
        admin.close();
        try {
            cluster.close();
        } catch (Exception e) {
            throw new IllegalStateException("could not stop the embedded Kafka", e);
        }
    }
}
