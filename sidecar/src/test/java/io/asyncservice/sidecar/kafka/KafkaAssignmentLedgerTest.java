package io.asyncservice.sidecar.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import io.asyncservice.api.v1alpha1.KafkaOrdering;
import io.asyncservice.sidecar.broker.Delivery;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

class KafkaAssignmentLedgerTest {

    private static final TopicPartition P0 = new TopicPartition("t", 0);
    private static final TopicPartition P1 = new TopicPartition("t", 1);

    private final AtomicInteger commitWanted = new AtomicInteger();

    private static KafkaSourceSettings settings(KafkaOrdering ordering) {
        return new KafkaSourceSettings(ordering, 3, 5, 1000, 10, Duration.ofMillis(50), Duration.ofSeconds(5), Duration.ofSeconds(5));
    }

    private static ConsumerRecords<byte[], byte[]> records(TopicPartition tp, long from, int count) {
        List<ConsumerRecord<byte[], byte[]>> list = new ArrayList<>();
        for (long o = from; o < from + count; o++) {
            list.add(new ConsumerRecord<>(tp.topic(), tp.partition(), o, null, ("m" + o).getBytes()));
        }
        return new ConsumerRecords<>(Map.of(tp, list), Map.of());
    }

    private static long offset(Delivery d) {
        return ((KafkaDelivery) d).offset();
    }

    private static TopicPartition partition(Delivery d) {
        return ((KafkaDelivery) d).progress().partition();
    }

    @Test
    void partitionOrderingHandsOutOneRecordPerPartitionUntilItIsAcked() throws Exception {
        AssignmentLedger ledger = new AssignmentLedger(settings(KafkaOrdering.PARTITION), commitWanted::incrementAndGet);
        ledger.assigned(List.of(P0, P1));
        ledger.add(records(P0, 0, 3));
        ledger.add(records(P1, 0, 3));

        List<Delivery> first = ledger.take(10, Duration.ZERO);
        assertThat(first).extracting(KafkaAssignmentLedgerTest::partition).containsExactlyInAnyOrder(P0, P1);
        assertThat(ledger.take(10, Duration.ZERO)).isEmpty();

        Delivery p0 = first.stream().filter(d -> partition(d).equals(P0)).findFirst().orElseThrow();
        assertThat(p0.ack().toCompletableFuture()).as("completes once committed").isNotDone();
        List<Delivery> next = ledger.take(10, Duration.ZERO);
        assertThat(next).hasSize(1);
        assertThat(partition(next.get(0))).isEqualTo(P0);
        assertThat(offset(next.get(0))).isEqualTo(1);
    }

    @Test
    void unorderedTakesInTurnsFromEveryPartition() throws Exception {
        AssignmentLedger ledger = new AssignmentLedger(settings(KafkaOrdering.UNORDERED), commitWanted::incrementAndGet);
        ledger.assigned(List.of(P0, P1));
        ledger.add(records(P0, 0, 5));
        ledger.add(records(P1, 0, 5));

        List<Delivery> taken = ledger.take(4, Duration.ZERO);
        assertThat(taken).extracting(KafkaAssignmentLedgerTest::partition).containsExactlyInAnyOrder(P0, P0, P1, P1);
        assertThat(taken.stream().filter(d -> partition(d).equals(P0))).extracting(KafkaAssignmentLedgerTest::offset)
                .containsExactly(0L, 1L);
    }

    @Test
    void takeWaitsForRecordsThatArriveLater() throws Exception {
        AssignmentLedger ledger = new AssignmentLedger(settings(KafkaOrdering.UNORDERED), commitWanted::incrementAndGet);
        ledger.assigned(List.of(P0));
        CompletableFuture<List<Delivery>> taking = CompletableFuture.supplyAsync(() -> {
            try {
                return ledger.take(5, Duration.ofSeconds(30));
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        ledger.add(records(P0, 0, 2));
        assertThat(taking.get(30, TimeUnit.SECONDS)).isNotEmpty();
    }

    @Test
    void onlyTheDonePrefixIsCommittedAndEachMoveOnce() throws Exception {
        AssignmentLedger ledger = new AssignmentLedger(settings(KafkaOrdering.UNORDERED), commitWanted::incrementAndGet);
        ledger.assigned(List.of(P0));
        ledger.add(records(P0, 0, 4));
        List<Delivery> d = ledger.take(4, Duration.ZERO);
        d.get(1).ack();
        d.get(3).ack();
        assertThat(ledger.takeCommits()).isEmpty();
        d.get(0).ack();
        assertThat(ledger.takeCommits()).isEqualTo(Map.of(P0, new OffsetAndMetadata(2)));
        assertThat(ledger.takeCommits()).isEmpty();
    }

    @Test
    void anAckThatMovesTheCommitPointCompletesOnceTheCommitSucceeded() throws Exception {
        AssignmentLedger ledger = new AssignmentLedger(settings(KafkaOrdering.UNORDERED), commitWanted::incrementAndGet);
        ledger.assigned(List.of(P0));
        ledger.add(records(P0, 0, 3));
        List<Delivery> d = ledger.take(3, Duration.ZERO);

        CompletableFuture<Void> behind = d.get(1).ack().toCompletableFuture();
        assertThat(behind).as("offset 1 waits for offset 0; its commit is offset 0's business").isCompleted();
        assertThat(commitWanted).hasValue(0);

        CompletableFuture<Void> head = d.get(0).ack().toCompletableFuture();
        assertThat(head).isNotDone();
        assertThat(commitWanted).hasValue(1);
        Map<TopicPartition, OffsetAndMetadata> commits = ledger.takeCommits();
        assertThat(commits).isEqualTo(Map.of(P0, new OffsetAndMetadata(2)));
        ledger.commitFailed(commits);
        assertThat(head).as("a failed commit is retried, the ack keeps waiting").isNotDone();
        commits = ledger.takeCommits();
        ledger.committed(commits);
        assertThat(head).isCompleted();
    }

    @Test
    void settlingTwiceFails() throws Exception {
        AssignmentLedger ledger = new AssignmentLedger(settings(KafkaOrdering.UNORDERED), commitWanted::incrementAndGet);
        ledger.assigned(List.of(P0));
        ledger.add(records(P0, 0, 1));
        Delivery d = ledger.take(1, Duration.ZERO).get(0);
        assertThat(d.release().toCompletableFuture()).isCompleted();
        assertThat(d.ack().toCompletableFuture()).isCompletedExceptionally();
    }

    @Test
    void releasedAndRejectedRecordsAreHandedOutAgain() throws Exception {
        AssignmentLedger ledger = new AssignmentLedger(settings(KafkaOrdering.PARTITION), commitWanted::incrementAndGet);
        ledger.assigned(List.of(P0));
        ledger.add(records(P0, 0, 2));
        Delivery first = ledger.take(1, Duration.ZERO).get(0);
        first.release();
        Delivery again = ledger.take(1, Duration.ZERO).get(0);
        assertThat(offset(again)).isZero();
        assertThat(again.body()).isEqualTo("m0".getBytes());
        again.reject();
        assertThat(ledger.take(1, Duration.ZERO)).extracting(KafkaAssignmentLedgerTest::offset).containsExactly(0L);
        assertThat(ledger.takeCommits()).isEmpty();
    }

    @Test
    void revocationWaitsForInFlightRecordsAndCommitsWhatFinished() throws Exception {
        AssignmentLedger ledger = new AssignmentLedger(settings(KafkaOrdering.UNORDERED), commitWanted::incrementAndGet);
        ledger.assigned(List.of(P0, P1));
        ledger.add(records(P0, 0, 3));
        List<Delivery> d = ledger.take(2, Duration.ZERO);
        assertThat(d).extracting(KafkaAssignmentLedgerTest::offset).containsExactly(0L, 1L);

        CompletableFuture<CompletableFuture<Void>> acking = CompletableFuture.supplyAsync(() -> {
            d.get(1).ack();
            return d.get(0).ack().toCompletableFuture();
        }, CompletableFuture.delayedExecutor(200, TimeUnit.MILLISECONDS));
        AssignmentLedger.Revocation revocation = ledger.revoke(List.of(P0), Duration.ofSeconds(30));

        assertThat(revocation.commits()).isEqualTo(Map.of(P0, new OffsetAndMetadata(2)));
        CompletableFuture<Void> headAck = acking.get(30, TimeUnit.SECONDS);
        assertThat(headAck).as("waits for the revocation's commit").isNotDone();
        revocation.committed(true);
        assertThat(headAck).isCompleted();
        assertThat(ledger.take(10, Duration.ZERO)).as("the waiting record of the revoked partition is not handed out").isEmpty();
    }

    @Test
    void aRecordStillInFlightAfterTheWaitIsAbandonedAndItsLateAckIgnored() throws Exception {
        AssignmentLedger ledger = new AssignmentLedger(settings(KafkaOrdering.UNORDERED), commitWanted::incrementAndGet);
        ledger.assigned(List.of(P0));
        ledger.add(records(P0, 0, 2));
        List<Delivery> d = ledger.take(2, Duration.ZERO);
        d.get(1).ack();

        AssignmentLedger.Revocation revocation = ledger.revoke(List.of(P0), Duration.ofMillis(10));
        assertThat(revocation.commits()).isEmpty();

        assertThat(d.get(0).ack().toCompletableFuture()).isCompletedExceptionally();
        ledger.assigned(List.of(P0));
        assertThat(ledger.takeCommits()).as("a late ack does not reach the partition's next assignment").isEmpty();
        ledger.add(records(P0, 0, 1));
        assertThat(ledger.take(1, Duration.ZERO)).extracting(KafkaAssignmentLedgerTest::offset).containsExactly(0L);
    }

    @Test
    void lostPartitionsAreDroppedWithoutCommit() throws Exception {
        AssignmentLedger ledger = new AssignmentLedger(settings(KafkaOrdering.UNORDERED), commitWanted::incrementAndGet);
        ledger.assigned(List.of(P0));
        ledger.add(records(P0, 0, 2));
        List<Delivery> d = ledger.take(2, Duration.ZERO);
        CompletableFuture<Void> acked = d.get(0).ack().toCompletableFuture();
        ledger.lose(List.of(P0));
        assertThat(acked).as("acked but never committed").isCompletedExceptionally();
        assertThat(d.get(1).ack().toCompletableFuture()).isCompletedExceptionally();
        assertThat(ledger.takeCommits()).isEmpty();
        assertThat(ledger.inFlight()).isZero();
    }

    @Test
    void partitionsArePausedWhenTheirBufferOrTheTotalIsFull() throws Exception {
        AssignmentLedger ledger = new AssignmentLedger(settings(KafkaOrdering.UNORDERED), commitWanted::incrementAndGet); // 3 per partition, 5 in all, 10 uncommitted
        ledger.assigned(List.of(P0, P1));
        ledger.add(records(P0, 0, 3));
        assertThat(ledger.partitionsToPause()).containsExactly(P0);

        ledger.add(records(P1, 0, 2));
        assertThat(ledger.partitionsToPause()).containsExactlyInAnyOrder(P0, P1);

        List<Delivery> taken = ledger.take(5, Duration.ZERO);
        assertThat(ledger.partitionsToPause()).isEmpty();

        ledger.add(records(P0, 3, 7)); // P0: 3 in flight + 7 waiting = 10 uncommitted
        ledger.take(7, Duration.ZERO).forEach(Delivery::ack);
        assertThat(ledger.partitionsToPause()).as("offsets 0..2 are still in flight, 10 uncommitted").contains(P0);
        taken.forEach(Delivery::ack);
        assertThat(ledger.partitionsToPause()).isEmpty();
    }

    @Test
    void everyPartitionIsPausedWhenTheWaitingRecordsHoldTooManyBytes() throws Exception {
        AssignmentLedger ledger = new AssignmentLedger(settings(KafkaOrdering.UNORDERED), commitWanted::incrementAndGet); // 1000 bytes in all
        ledger.assigned(List.of(P0, P1));
        byte[] large = new byte[600];
        ledger.add(new ConsumerRecords<>(Map.of(P0, List.of(new ConsumerRecord<>(P0.topic(), P0.partition(), 0, null, large))), Map.of()));
        assertThat(ledger.partitionsToPause()).as("one record of 600 bytes of 1000").isEmpty();

        ledger.add(new ConsumerRecords<>(Map.of(P1, List.of(new ConsumerRecord<>(P1.topic(), P1.partition(), 0, new byte[100], large))),
                Map.of()));
        assertThat(ledger.partitionsToPause()).as("1300 bytes wait, though only 2 records").containsExactlyInAnyOrder(P0, P1);

        List<Delivery> taken = ledger.take(1, Duration.ZERO);
        assertThat(ledger.partitionsToPause()).as("a record handed out no longer waits").isEmpty();
        taken.forEach(Delivery::release);
        assertThat(ledger.partitionsToPause()).as("a released record waits again").containsExactlyInAnyOrder(P0, P1);
    }

    @Test
    void afterStopHandingOutTakeReturnsNothingButAcksStillCount() throws Exception {
        AssignmentLedger ledger = new AssignmentLedger(settings(KafkaOrdering.UNORDERED), commitWanted::incrementAndGet);
        ledger.assigned(List.of(P0));
        ledger.add(records(P0, 0, 2));
        Delivery d = ledger.take(1, Duration.ZERO).get(0);
        ledger.stopHandingOut();
        assertThat(ledger.take(5, Duration.ofSeconds(5))).isEmpty();
        d.ack();
        Map<TopicPartition, OffsetAndMetadata> expected = new HashMap<>();
        expected.put(P0, new OffsetAndMetadata(1));
        assertThat(ledger.takeCommits()).isEqualTo(expected);
    }
}
