package io.asyncservice.sidecar.kafka;

import static io.asyncservice.sidecar.kafka.KafkaTestSupport.committed;
import static io.asyncservice.sidecar.kafka.KafkaTestSupport.concurrency;
import static io.asyncservice.sidecar.kafka.KafkaTestSupport.input;
import static io.asyncservice.sidecar.kafka.KafkaTestSupport.kafka;
import static io.asyncservice.sidecar.kafka.KafkaTestSupport.produce;
import static io.asyncservice.sidecar.kafka.KafkaTestSupport.text;
import static io.asyncservice.sidecar.kafka.KafkaTestSupport.utf8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.asyncservice.api.sidecar.QueueRole;
import io.asyncservice.api.v1alpha1.KafkaOrdering;
import io.asyncservice.sidecar.broker.Delivery;
import io.asyncservice.sidecar.broker.MessageSource;
import io.asyncservice.sidecar.testing.TestingSecrets;
import io.asyncservice.testing.UniqueNames;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.GroupState;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The Kafka source against a real KRaft broker: what is committed when, ordering, long work, close, release, rebalance. */
class KafkaSourceIT {

    /** Rebalances are noticed on the next heartbeat; a short interval keeps the rebalance test quick. */
    private static final Map<String, String> FAST_HEARTBEAT = Map.of("heartbeat.interval.ms", "300");

    /** More than the partition's buffer (64 records), so that it is paused while one record is held. */
    private static final long RECORDS_FOR_LONG_HOLD = 150;

    private final String topic = UniqueNames.of("it-src");
    private final String group = UniqueNames.of("it-grp");
    private final List<MessageSource> sources = new ArrayList<>();

    @AfterEach
    void cleanUp() {
        sources.forEach(MessageSource::close);
        KafkaTestSupport.deleteGroups(group);
        kafka().deleteTopic(topic);
    }

    private KafkaSource open(KafkaConnector connector, KafkaOrdering ordering, int concurrency, Map<String, String> props) {
        MessageSource source = connector.openSource(input(topic, group, ordering), concurrency(concurrency),
                TestingSecrets.kafka(QueueRole.INPUT, props));
        sources.add(source);
        return (KafkaSource) source;
    }

    private KafkaSource open(KafkaOrdering ordering, int concurrency) {
        return open(new KafkaConnector(), ordering, concurrency, Map.of());
    }

    /** Receives until {@code n} deliveries arrived (fails after 30 s). */
    private static List<Delivery> receive(MessageSource source, int n) throws InterruptedException {
        List<Delivery> got = new ArrayList<>();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (got.size() < n && System.nanoTime() < deadline) {
            got.addAll(source.receive(n - got.size(), Duration.ofMillis(500)));
        }
        assertThat(got).as("deliveries received").hasSize(n);
        return got;
    }

    private static long offset(Delivery d) {
        return ((KafkaDelivery) d).offset();
    }

    private static int partition(Delivery d) {
        return ((KafkaDelivery) d).progress().partition().partition();
    }

    @Test
    void recordsCarryTheirFieldsAndAreCommittedWhenAcked() throws Exception {
        kafka().createTopic(topic, 1);
        try (KafkaProducer<byte[], byte[]> producer = KafkaTestSupport.producer()) {
            RecordHeaders withId = new RecordHeaders();
            withId.add("X-Request-Id", utf8("req-1"));
            withId.add("Content-Type", utf8("text/plain"));
            withId.add("traceparent", utf8("00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01"));
            producer.send(new ProducerRecord<>(topic, 0, utf8("key-1"), utf8("one"), withId));
            producer.send(new ProducerRecord<>(topic, 0, utf8("key-2"), utf8("two")));
            producer.send(new ProducerRecord<>(topic, 0, null, utf8("three")));
            producer.flush();
        }
        KafkaSource source = open(KafkaOrdering.UNORDERED, 4);

        List<Delivery> got = receive(source, 3);

        assertThat(got).extracting(d -> text(d.body())).containsExactly("one", "two", "three");
        assertThat(got).extracting(Delivery::requestId).containsExactly("req-1", "key-2", null);
        assertThat(got.get(0).contentType()).isEqualTo("text/plain");
        assertThat(got.get(0).headers()).containsEntry("x-request-id", "req-1")
                .containsEntry("traceparent", "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01");
        assertThat(got).extracting(Delivery::deliveryCount).containsOnly(1);
        assertThat(source.leaseRenewInterval()).isNull();
        await().atMost(Duration.ofSeconds(10)).until(source::isConnected);

        // An ack that moves the commit point completes once the commit is stored, so a drain that waited for its
        // acks leaves nothing behind.
        got.get(1).ack().toCompletableFuture().get(10, TimeUnit.SECONDS);
        got.get(0).ack().toCompletableFuture().get(10, TimeUnit.SECONDS);
        assertThat(committed(group)).containsEntry(0, 2L);
        got.get(2).ack().toCompletableFuture().get(10, TimeUnit.SECONDS);
        assertThat(committed(group)).containsEntry(0, 3L);
    }

    @Test
    void partitionOrderingKeepsOneRecordInFlightPerPartitionInOffsetOrder() throws Exception {
        kafka().createTopic(topic, 3);
        for (int p = 0; p < 3; p++) {
            produce(topic, p, "p" + p, 5);
        }
        KafkaSource source = open(KafkaOrdering.PARTITION, 8);
        Random random = new Random(7);
        Map<Integer, List<Long>> processed = new HashMap<>();
        int maxInFlight = 0;
        List<Delivery> inFlight = new ArrayList<>();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);

        while (processed.values().stream().mapToInt(List::size).sum() < 15 && System.nanoTime() < deadline) {
            inFlight.addAll(source.receive(8, Duration.ofMillis(300)));
            assertThat(inFlight).extracting(KafkaSourceIT::partition).doesNotHaveDuplicates();
            maxInFlight = Math.max(maxInFlight, inFlight.size());
            if (!inFlight.isEmpty()) {
                Delivery done = inFlight.remove(random.nextInt(inFlight.size()));
                processed.computeIfAbsent(partition(done), p -> new ArrayList<>()).add(offset(done));
                done.ack();
            }
        }

        assertThat(processed).containsOnlyKeys(0, 1, 2);
        processed.values().forEach(offsets -> assertThat(offsets).containsExactly(0L, 1L, 2L, 3L, 4L));
        assertThat(maxInFlight).as("several partitions are worked on in parallel").isGreaterThan(1);
        await().atMost(Duration.ofSeconds(10)).until(() -> committed(group).equals(Map.of(0, 5L, 1, 5L, 2, 5L)));
    }

    @Test
    void unorderedRunsInParallelWithinAPartitionAndCommitsOnlyTheContiguousPrefix() throws Exception {
        kafka().createTopic(topic, 1);
        produce(topic, 0, "m", 40);
        KafkaSource source = open(KafkaOrdering.UNORDERED, 16);

        List<Delivery> first = receive(source, 16);
        assertThat(first).extracting(KafkaSourceIT::offset).containsExactlyInAnyOrder(
                0L, 1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L, 10L, 11L, 12L, 13L, 14L, 15L);
        Delivery slow = first.stream().filter(d -> offset(d) == 5).findFirst().orElseThrow();
        List<Delivery> others = new ArrayList<>(first);
        others.remove(slow);
        Collections.shuffle(others, new Random(3));
        others.forEach(Delivery::ack);

        await().atMost(Duration.ofSeconds(10)).until(() -> committed(group).getOrDefault(0, -1L) == 5L);
        // The next records flow while offset 5 is still being worked on; their acks must not move the commit either.
        List<Delivery> second = receive(source, 16);
        assertThat(second).extracting(KafkaSourceIT::offset).allMatch(o -> o >= 16 && o < 32);
        Collections.shuffle(second, new Random(4));
        second.forEach(Delivery::ack);
        Thread.sleep(500); // ten poll turns, each of which commits what moved
        assertThat(committed(group)).containsEntry(0, 5L);

        slow.ack();
        await().atMost(Duration.ofSeconds(10)).until(() -> committed(group).getOrDefault(0, -1L) == 32L);
    }

    @Test
    void aRecordHeldLongerThanMaxPollIntervalIsNotRedeliveredAndTheGroupStaysStable() throws Exception {
        kafka().createTopic(topic, 1);
        produce(topic, 0, "m", (int) RECORDS_FOR_LONG_HOLD);
        KafkaSource source = open(new KafkaConnector(), KafkaOrdering.PARTITION, 1, Map.of("max.poll.interval.ms", "5000"));

        Delivery held = receive(source, 1).get(0);
        assertThat(offset(held)).isZero();
        long holdUntil = System.nanoTime() + TimeUnit.SECONDS.toNanos(12);
        while (System.nanoTime() < holdUntil) {
            // One record at a time per partition: nothing else may be handed out, and offset 0 must not come back.
            assertThat(source.receive(1, Duration.ofSeconds(1))).isEmpty();
            assertThat(source.paused()).as("the busy partition's buffer is full: paused, while polling goes on")
                    .containsExactly(new TopicPartition(topic, 0));
        }
        ConsumerGroupDescription description = kafka().admin().describeConsumerGroups(List.of(group))
                .describedGroups().get(group).get(10, TimeUnit.SECONDS);
        assertThat(description.groupState()).isEqualTo(GroupState.STABLE);
        assertThat(description.members()).hasSize(1);
        assertThat(source.assignmentCount()).as("no rebalance while the record was held").isEqualTo(1);
        held.ack();

        List<Long> rest = new ArrayList<>();
        for (int i = 1; i < RECORDS_FOR_LONG_HOLD; i++) {
            Delivery d = receive(source, 1).get(0);
            rest.add(offset(d));
            d.ack();
        }
        assertThat(rest).as("every other record exactly once, in order").containsExactlyElementsOf(
                java.util.stream.LongStream.range(1, RECORDS_FOR_LONG_HOLD).boxed().toList());
        assertThat(source.receive(1, Duration.ofMillis(500))).isEmpty();
        await().atMost(Duration.ofSeconds(10)).until(() -> committed(group).getOrDefault(0, -1L) == RECORDS_FOR_LONG_HOLD);
        assertThat(source.assignmentCount()).isEqualTo(1);
    }

    @Test
    void closeCommitsTheContiguousPrefixOnlyAndTheRestIsRedelivered() throws Exception {
        kafka().createTopic(topic, 1);
        produce(topic, 0, "m", 10);
        KafkaSource source = open(KafkaOrdering.UNORDERED, 10);
        List<Delivery> got = receive(source, 10);
        Delivery unfinished = got.stream().filter(d -> offset(d) == 3).findFirst().orElseThrow();
        got.stream().filter(d -> d != unfinished).forEach(Delivery::ack);

        source.close();

        assertThat(committed(group)).containsEntry(0, 3L);
        assertThat(unfinished.ack().toCompletableFuture()).as("too late: the consumer is gone").isCompletedExceptionally();
        assertThat(committed(group)).containsEntry(0, 3L);

        KafkaSource next = open(KafkaOrdering.UNORDERED, 10);
        List<Delivery> again = receive(next, 7);
        assertThat(again).extracting(KafkaSourceIT::offset).containsExactly(3L, 4L, 5L, 6L, 7L, 8L, 9L);
        assertThat(again.get(0).body()).isEqualTo(utf8("m-3"));
    }

    @Test
    void aReleasedRecordIsHandedOutAgainAndStaysUncommittedThroughClose() throws Exception {
        kafka().createTopic(topic, 1);
        produce(topic, 0, "m", 2);
        KafkaSource source = open(KafkaOrdering.PARTITION, 1);

        Delivery first = receive(source, 1).get(0);
        first.release();
        Delivery again = receive(source, 1).get(0);
        assertThat(offset(again)).isZero();
        assertThat(again.body()).isEqualTo(utf8("m-0"));
        again.ack();

        Delivery second = receive(source, 1).get(0);
        assertThat(offset(second)).isEqualTo(1);
        second.release();
        source.close();
        assertThat(committed(group)).containsEntry(0, 1L);

        KafkaSource next = open(KafkaOrdering.PARTITION, 1);
        assertThat(receive(next, 1)).extracting(KafkaSourceIT::offset).containsExactly(1L);
    }

    @Test
    void aRevokedPartitionWaitsForItsInFlightRecordAndCommitsIt() throws Exception {
        kafka().createTopic(topic, 2);
        produce(topic, 0, "p0", 3);
        produce(topic, 1, "p1", 3);
        KafkaSource first = open(new KafkaConnector(s -> s.withRevokeWait(Duration.ofSeconds(30))),
                KafkaOrdering.PARTITION, 4, FAST_HEARTBEAT);
        List<Delivery> held = receive(first, 2);
        assertThat(held).extracting(KafkaSourceIT::offset).containsOnly(0L);

        KafkaSource second = open(new KafkaConnector(), KafkaOrdering.PARTITION, 4, FAST_HEARTBEAT);
        await().atMost(Duration.ofSeconds(20)).until(() -> !first.revoking().isEmpty());
        TopicPartition moving = first.revoking().iterator().next();
        Delivery movingRecord = held.stream().filter(d -> partition(d) == moving.partition()).findFirst().orElseThrow();
        assertThat(second.receive(4, Duration.ofMillis(300))).as("nothing moves while the revocation waits").isEmpty();
        movingRecord.ack();

        Delivery firstOnSecond = receive(second, 1).get(0);
        assertThat(partition(firstOnSecond)).isEqualTo(moving.partition());
        assertThat(offset(firstOnSecond)).as("the record finished during the revocation is not redelivered").isEqualTo(1);
    }

    @Test
    void aRecordStillInFlightWhenTheRevocationWaitEndsGoesToTheNewOwner() throws Exception {
        kafka().createTopic(topic, 2);
        produce(topic, 0, "p0", 3);
        produce(topic, 1, "p1", 3);
        KafkaSource first = open(new KafkaConnector(s -> s.withRevokeWait(Duration.ofMillis(500))),
                KafkaOrdering.PARTITION, 4, FAST_HEARTBEAT);
        List<Delivery> held = receive(first, 2);

        KafkaSource second = open(new KafkaConnector(), KafkaOrdering.PARTITION, 4, FAST_HEARTBEAT);
        Delivery redelivered = receive(second, 1).get(0);
        assertThat(offset(redelivered)).isZero();
        Delivery abandoned = held.stream().filter(d -> partition(d) == partition(redelivered)).findFirst().orElseThrow();
        assertThat(abandoned.body()).isEqualTo(redelivered.body());

        assertThat(abandoned.ack().toCompletableFuture()).as("the partition belongs to the second consumer now")
                .isCompletedExceptionally();
        Delivery kept = held.stream().filter(d -> d != abandoned).findFirst().orElseThrow();
        kept.ack();
        await().atMost(Duration.ofSeconds(10)).until(() -> committed(group).getOrDefault(partition(kept), -1L) == 1L);
        Thread.sleep(300);
        assertThat(committed(group)).doesNotContainKey(partition(redelivered));
        Set<Long> rest = new HashSet<>();
        redelivered.ack();
        for (int i = 0; i < 2; i++) {
            Delivery d = receive(second, 1).get(0);
            rest.add(offset(d));
            d.ack();
        }
        assertThat(rest).containsExactlyInAnyOrder(1L, 2L);
        await().atMost(Duration.ofSeconds(10)).until(() -> committed(group).getOrDefault(partition(redelivered), -1L) == 3L);
    }
}
