package io.asyncservice.sidecar.engine;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class AttemptLedgerTest {

    private final AttemptLedger ledger = new AttemptLedger(2);

    @Test
    void countsAddUpOverTheDeliveriesOfOneMessage() {
        assertThat(ledger.delivered("a").firstSeen()).isTrue();
        assertThat(ledger.called("a")).isEqualTo(1);
        assertThat(ledger.returned("a", false)).isEqualTo(1);

        AttemptLedger.Counts again = ledger.delivered("a");

        assertThat(again).isEqualTo(new AttemptLedger.Counts(2, 1, 1, false));
        assertThat(ledger.called("a")).isEqualTo(2);
    }

    @Test
    void aRejectMarksTheMessageAsFailedForGood() {
        ledger.delivered("a");
        ledger.returned("a", true);

        assertThat(ledger.delivered("a").failed()).isTrue();
    }

    @Test
    void anAckedMessageIsForgotten() {
        ledger.delivered("a");
        ledger.called("a");
        ledger.forget("a");

        assertThat(ledger.delivered("a")).isEqualTo(new AttemptLedger.Counts(1, 0, 0, false));
    }

    @Test
    void pastItsCapacityTheMessageSeenLeastRecentlyIsForgottenFirst() {
        ledger.called("a");
        ledger.called("b");
        ledger.called("a"); // a is now the most recently seen
        ledger.called("c");

        assertThat(ledger.size()).isEqualTo(2);
        assertThat(ledger.delivered("a").calls()).isEqualTo(2);
        assertThat(ledger.delivered("b").calls()).as("forgotten, so counting starts again").isZero();
    }
}
