package io.asyncservice.sandbox.demo;

import static org.assertj.core.api.Assertions.assertThat;

import io.asyncservice.sandbox.broker.BrokerMessage;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class TallyTest {

    @Test
    void countsLostDuplicatesAndUnexpectedByRequestId() {
        Tally tally = new Tally(Set.of("a", "b", "c", "d"));

        tally.record(List.of(new BrokerMessage("a", "SUCCESS", 200, "{}"), new BrokerMessage("b", "SUCCESS", 200, "{}"),
                new BrokerMessage("a", "SUCCESS", 200, "{}"), new BrokerMessage("c", BrokerMessage.DEAD_LETTER, 400, "{}"),
                new BrokerMessage("zzz", "SUCCESS", 200, "{}")));

        assertThat(tally.received()).isEqualTo(5);
        assertThat(tally.answered()).isEqualTo(3);
        assertThat(tally.lost()).isEqualTo(1);
        assertThat(tally.duplicates()).isEqualTo(1);
        assertThat(tally.duplicatedIds()).containsExactly("a");
        assertThat(tally.unexpected()).isEqualTo(1);
        assertThat(tally.withStatus("SUCCESS")).isEqualTo(2);
        assertThat(tally.withStatus(BrokerMessage.DEAD_LETTER)).isEqualTo(1);
        assertThat(tally.complete()).isFalse();

        tally.record(List.of(new BrokerMessage("d", "FAILED", 503, "{}")));

        assertThat(tally.complete()).isTrue();
        assertThat(tally.lost()).isZero();
    }
}
