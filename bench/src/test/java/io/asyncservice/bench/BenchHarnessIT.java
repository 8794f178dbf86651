package io.asyncservice.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.asyncservice.bench.report.BenchResults;
import io.asyncservice.bench.report.FootprintRow;
import io.asyncservice.bench.report.LatencyRow;
import io.asyncservice.bench.report.ResultTables;
import io.asyncservice.bench.report.ScalerRow;
import io.asyncservice.bench.report.ThroughputRow;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The harness, end to end but tiny, so that CI keeps it working: every benchmark on SQS (ElasticMQ in this JVM) with
 * the real sidecar jar, and the scaler with the real operator process on 3 AsyncServices. It asserts the shape of the
 * results and that every message was accounted for, never a rate.
 */
class BenchHarnessIT {

    @Test
    void aTinyRunMeasuresEveryFigureAndAccountsForEveryMessage() {
        BenchOptions options = BenchOptions.parse("--quick", "--brokers", "sqs", "--concurrency", "8",
                "--messages", "100", "--latency-messages", "10", "--seconds", "1", "--services", "3",
                "--scaler-window", "4", "--probes", "2");
        BenchResults results = new Bench(options, Path.of("target/bench-logs").toAbsolutePath()).run();

        assertThat(results.failures()).isEmpty();
        List<ThroughputRow> throughput = results.throughput();
        assertThat(throughput).extracting(ThroughputRow::concurrency).containsExactly(8);
        for (ThroughputRow r : throughput) {
            assertThat(r.accounted()).as("every message accounted for at concurrency %d", r.concurrency()).isTrue();
            assertThat(List.of(r.brokerLimit(), r.httpLimit(), r.withOutput(), r.withoutOutput())).allMatch(v -> v > 0);
            assertThat(r.ratioWithOutput()).isPositive();
        }
        LatencyRow latency = results.latency().get(0);
        assertThat(latency.sidecar().count()).isEqualTo(10);
        assertThat(latency.relay().p50()).isPositive();
        assertThat(latency.sidecar().p50()).isPositive();
        FootprintRow footprint = results.footprint().get(0);
        assertThat(footprint.startSeconds()).isPositive();
        assertThat(footprint.peakRssMiB()).isPositive();
        assertThat(footprint.loadRate()).isPositive();
        ScalerRow scaler = results.scaler().get(0);
        assertThat(scaler.services()).isEqualTo(3);
        assertThat(scaler.readsPerMinute()).isPositive();
        assertThat(scaler.rssMiB()).isPositive();
        assertThat(scaler.wakeUp().count()).as("probed services that reached one replica").isEqualTo(2);

        String report = ResultTables.render(results, "");
        for (String title : ResultTables.sectionTitles()) {
            assertThat(report).contains("### " + title);
        }
    }
}
