package io.asyncservice.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.asyncservice.bench.report.BenchResults;
import io.asyncservice.bench.report.FootprintRow;
import io.asyncservice.bench.report.LatencyRow;
import io.asyncservice.bench.report.ResultTables;
import io.asyncservice.bench.report.ScalerRow;
import io.asyncservice.bench.report.ThroughputRow;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The harness, end to end but tiny, so that CI keeps it working: every benchmark on SQS (ElasticMQ in this JVM) with
 * the real sidecar jar (the cell at concurrency 10 profiled with JFR), and the scaler with the real operator process
 * on 3 AsyncServices. It asserts the shape of the results and that every message was accounted for, never a rate.
 */
class BenchHarnessIT {

    @Test
    void aTinyRunMeasuresEveryFigureAndAccountsForEveryMessage() throws IOException {
        BenchOptions options = BenchOptions.parse("--quick", "--brokers", "sqs", "--concurrency", "1,10",
                "--messages", "100", "--latency-messages", "10", "--seconds", "1", "--services", "3",
                "--scaler-window", "4", "--probes", "2", "--profile", "sqs:10");
        Path logDir = Path.of("target/bench-logs").toAbsolutePath();
        // The whole life's folded stacks: the measured window of so tiny a run may hold no sample.
        Path folded = logDir.resolveSibling("profiles").resolve("sidecar-sqs-c10.all.folded");
        Files.deleteIfExists(folded);
        BenchResults results = new Bench(options, logDir).run();

        assertThat(results.failures()).isEmpty();
        List<ThroughputRow> throughput = results.throughput();
        assertThat(throughput).extracting(ThroughputRow::concurrency).containsExactly(1, 10);
        for (ThroughputRow r : throughput) {
            assertThat(r.accounted()).as("every message accounted for at concurrency %d", r.concurrency()).isTrue();
            assertThat(List.of(r.brokerLimit(), r.httpLimit(), r.withOutput(), r.withoutOutput())).allMatch(v -> v > 0);
            assertThat(r.ratioWithOutput()).isPositive();
            assertThat(r.cpuMsPerMessage()).isPositive();
        }
        assertThat(throughput.get(0).relay()).as("the plain-client relay at concurrency 1").isPositive();
        assertThat(throughput.get(1).relay()).as("no relay at concurrency 10").isNaN();
        assertThat(folded).as("the profiled cell's folded stacks").isNotEmptyFile();
        assertThat(Files.readAllLines(folded)).allMatch(l -> l.matches("\\S+ \\d+"));
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
