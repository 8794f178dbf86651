package io.asyncservice.sidecar.nats;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class NatsPullBudgetTest {

    private static final long GRACE = 100;
    private final PullBudget budget = new PullBudget(GRACE);

    @Test
    void anOpenPullPromisesItsBatchUntilItIsServed() {
        budget.pulled(5, 1_000);

        assertThat(budget.promised(0)).isEqualTo(5);
        budget.received(10);
        budget.received(20);
        assertThat(budget.promised(30)).isEqualTo(3);
    }

    @Test
    void aFilledPullIsClosed() {
        budget.pulled(2, 1_000);
        budget.received(1);
        budget.received(2);

        assertThat(budget.promised(3)).isZero();
        assertThat(budget.nanosUntilNextClose(3)).isEqualTo(-1);
    }

    @Test
    void aPullCountsUntilItsGracePeriodAfterExpiryHasPassed() {
        budget.pulled(4, 1_000);

        assertThat(budget.promised(1_000 + GRACE - 1)).isEqualTo(4);
        assertThat(budget.promised(1_000 + GRACE)).isZero();
    }

    @Test
    void messagesCountAgainstTheOldestOpenPull() {
        budget.pulled(1, 1_000);
        budget.pulled(3, 5_000);
        budget.received(10);

        // the first pull is served and closed; the second still promises all 3 after the first expiry
        assertThat(budget.promised(2_000)).isEqualTo(3);
        assertThat(budget.nanosUntilNextClose(2_000)).isEqualTo(5_000 + GRACE - 2_000);
    }

    @Test
    void aMessageAfterEveryPullExpiredChangesNothing() {
        budget.pulled(2, 1_000);
        budget.received(5_000);

        assertThat(budget.promised(5_000)).isZero();
    }

    @Test
    void clearForgetsOpenPulls() {
        budget.pulled(3, 1_000);
        budget.pulled(3, 2_000);
        budget.clear();

        assertThat(budget.promised(0)).isZero();
    }

    @Test
    void anEmptyPullIsNotRecorded() {
        budget.pulled(0, 1_000);

        assertThat(budget.nanosUntilNextClose(0)).isEqualTo(-1);
    }
}
