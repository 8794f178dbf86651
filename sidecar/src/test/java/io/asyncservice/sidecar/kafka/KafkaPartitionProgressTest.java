package io.asyncservice.sidecar.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

class KafkaPartitionProgressTest {

    private final PartitionProgress progress = new PartitionProgress(new TopicPartition("t", 0));

    private void add(long... offsets) {
        for (long o : offsets) {
            assertThat(progress.add(new ConsumerRecord<>("t", 0, o, null, new byte[0]))).isTrue();
        }
    }

    private PartitionProgress.Entry[] handOut(int n) {
        PartitionProgress.Entry[] entries = new PartitionProgress.Entry[n];
        for (int i = 0; i < n; i++) {
            entries[i] = progress.handOut();
        }
        return entries;
    }

    @Test
    void commitPointNeverPassesARecordThatIsNotDone() {
        add(0, 1, 2, 3, 4);
        PartitionProgress.Entry[] e = handOut(5);

        progress.complete(e[1]);
        progress.complete(e[2]);
        progress.complete(e[4]);
        assertThat(progress.commitPoint()).isEqualTo(-1);
        assertThat(progress.takeCommit()).isEqualTo(-1);

        progress.complete(e[0]);
        assertThat(progress.commitPoint()).isEqualTo(3);

        progress.complete(e[3]);
        assertThat(progress.commitPoint()).isEqualTo(5);
        assertThat(progress.uncommittedCount()).isZero();
    }

    @Test
    void offsetGapsFromCompactionOrTransactionMarkersDoNotHoldTheCommitBack() {
        add(10, 12, 15);
        PartitionProgress.Entry[] e = handOut(3);
        progress.complete(e[2]);
        progress.complete(e[0]);
        assertThat(progress.commitPoint()).isEqualTo(11);
        progress.complete(e[1]);
        assertThat(progress.commitPoint()).isEqualTo(16);
    }

    @Test
    void aCommitIsTakenOncePerMoveAndAgainAfterItFailed() {
        add(0, 1);
        PartitionProgress.Entry[] e = handOut(2);
        progress.complete(e[0]);
        assertThat(progress.takeCommit()).isEqualTo(1);
        assertThat(progress.takeCommit()).isEqualTo(-1);

        progress.commitFailed(1);
        assertThat(progress.takeCommit()).isEqualTo(1);

        progress.complete(e[1]);
        progress.commitFailed(1); // a late failure of an older commit does not hide the newer one
        assertThat(progress.takeCommit()).isEqualTo(2);
    }

    @Test
    void oneAtATimeAllowsASingleRecordInFlight() {
        add(0, 1);
        assertThat(progress.canHandOut(true)).isTrue();
        PartitionProgress.Entry first = progress.handOut();
        assertThat(progress.canHandOut(true)).isFalse();
        assertThat(progress.canHandOut(false)).isTrue();
        progress.complete(first);
        assertThat(progress.canHandOut(true)).isTrue();
        assertThat(progress.handOut().offset).isEqualTo(1);
    }

    @Test
    void aReleasedRecordIsHandedOutAgainInOffsetOrderAndStaysUncommitted() {
        add(0, 1, 2, 3);
        PartitionProgress.Entry[] e = handOut(3);
        progress.giveBack(e[1]);
        progress.giveBack(e[0]);
        progress.complete(e[2]);
        assertThat(progress.commitPoint()).isEqualTo(-1);

        assertThat(progress.handOut().offset).isZero();
        assertThat(progress.handOut().offset).isEqualTo(1);
        assertThat(progress.handOut().offset).isEqualTo(3);
    }

    @Test
    void aRecordCannotBeSettledTwice() {
        add(0);
        PartitionProgress.Entry e = progress.handOut();
        progress.complete(e);
        assertThatThrownBy(() -> progress.complete(e)).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> progress.giveBack(e)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void revokingDropsWaitingRecordsAndStopsHandingOut() {
        add(0, 1, 2);
        PartitionProgress.Entry first = progress.handOut();
        progress.startRevoking();
        assertThat(progress.waitingCount()).isZero();
        assertThat(progress.canHandOut(false)).isFalse();
        progress.complete(first);
        assertThat(progress.commitPoint()).isEqualTo(1);
        assertThat(progress.add(new ConsumerRecord<>("t", 0, 3, null, new byte[0]))).isFalse();
    }

    @Test
    void aRecordFetchedTwiceIsIgnored() {
        add(0, 1);
        assertThat(progress.add(new ConsumerRecord<>("t", 0, 1, null, new byte[0]))).isFalse();
        assertThat(progress.waitingCount()).isEqualTo(2);
    }
}
