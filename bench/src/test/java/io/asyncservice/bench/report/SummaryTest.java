package io.asyncservice.bench.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class SummaryTest {

    @Test
    void percentilesAreNearestRankValuesThatWereMeasured() {
        List<Double> oneToHundred = IntStream.rangeClosed(1, 100).mapToObj(i -> (double) i).toList();
        Summary s = Summary.of(oneToHundred);
        assertThat(s.count()).isEqualTo(100);
        assertThat(s.min()).isEqualTo(1.0);
        assertThat(s.p50()).isEqualTo(50.0);
        assertThat(s.p99()).isEqualTo(99.0);
        assertThat(s.max()).isEqualTo(100.0);
    }

    @Test
    void orderOfTheSampleDoesNotMatter() {
        Summary s = Summary.of(List.of(5.0, 1.0, 3.0, 2.0, 4.0));
        assertThat(s.p50()).isEqualTo(3.0);
        assertThat(s.p99()).isEqualTo(5.0);
        assertThat(s.min()).isEqualTo(1.0);
    }

    @Test
    void aSmallSampleHasItsMaximumAsP99() {
        Summary s = Summary.of(List.of(0.4, 0.9, 7.5));
        assertThat(s.p99()).isEqualTo(7.5);
        assertThat(s.p50()).isEqualTo(0.9);
    }

    @Test
    void anEmptySampleIsNotANumber() {
        Summary s = Summary.of(List.of());
        assertThat(s.isEmpty()).isTrue();
        assertThat(s.p50()).isNaN();
    }
}
