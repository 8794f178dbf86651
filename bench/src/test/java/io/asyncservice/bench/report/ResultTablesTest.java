package io.asyncservice.bench.report;

import static org.assertj.core.api.Assertions.assertThat;

import static org.assertj.core.data.Offset.offset;

import java.util.List;
import org.junit.jupiter.api.Test;

class ResultTablesTest {

    private static final double NONE = Double.NaN;

    @Test
    void throughputRatioIsTheSidecarOverTheSmallerLimit() {
        ThroughputRow row = new ThroughputRow("sqs", 32, 1000, 1000, 4000, NONE, 950, 990, 0.5, true);
        assertThat(row.limit()).isEqualTo(1000);
        assertThat(row.ratioWithOutput()).isEqualTo(0.95);
        ThroughputRow httpBound = new ThroughputRow("amqp", 10, 1000, 5000, 800, NONE, 400, 600, 0.5, true);
        assertThat(httpBound.ratioWithOutput()).isEqualTo(0.5);
        assertThat(httpBound.ratioWithoutOutput()).isEqualTo(0.75);
        ThroughputRow nats = new ThroughputRow("nats", 32, 1000, 3000, 6000, NONE, 1500, 1800, 1.0, true);
        assertThat(nats.serialBound()).isCloseTo(2000, offset(1e-9));
        assertThat(nats.ratioWithOutputToSerialBound()).isCloseTo(0.75, offset(1e-9));
        assertThat(nats.ratioWithoutOutputToSerialBound()).isCloseTo(0.9, offset(1e-9));
    }

    @Test
    void cpuPerMessageIsTheSidecarsCoresOverItsRateInMilliseconds() {
        ThroughputRow row = new ThroughputRow("kafka", 32, 4000, 5000, 9000, NONE, 2000, 2500, 0.5, true);
        assertThat(row.cpuMsPerMessage()).isCloseTo(0.25, offset(1e-12));
        assertThat(Goals.maxCpuMsPerMessage("sqs")).isEqualTo(0.30);
        assertThat(Goals.maxCpuMsPerMessage("kafka")).isEqualTo(Goals.maxCpuMsPerMessage("nats"))
                .isEqualTo(Goals.maxCpuMsPerMessage("amqp")).isEqualTo(0.10);
    }

    @Test
    void ratioToRelayIsTheSidecarWithOutputOverThePlainClientRelay() {
        ThroughputRow row = new ThroughputRow("amqp", 1, 500, 2000, 6000, 500, 450, 460, 0.6, true);
        assertThat(row.ratioToRelay()).isCloseTo(0.9, offset(1e-12));
        assertThat(new ThroughputRow("amqp", 10, 500, 2000, 6000, NONE, 450, 460, 0.6, true).ratioToRelay()).isNaN();
    }

    @Test
    void rendersOneMarkdownRowPerMeasurementWithTheGoalsMarked() {
        BenchResults results = new BenchResults();
        results.add(new ThroughputRow("sqs", 1, 250, 100, 1000, 85, 80, 90, 0.5, true));
        results.add(new ThroughputRow("sqs", 32, 2000, 1000, 4000, NONE, 950, 990, 0.25, true));
        results.add(new ThroughputRow("kafka", 32, 2000, 1000, 4000, NONE, 520, 600, 0.5, false));
        results.add(new ThroughputRow("amqp", 1, 500, 2000, 6000, 500, 400, 460, 0.6, true));
        results.add(new ThroughputRow("nats", 10, 2000, 10000, 10000, NONE, 3000, 3500, 0.5, true));
        results.add(new ThroughputRow("nats", 32, 4000, 10000, 10000, NONE, 4100, 4500, 0.369, true));
        results.add(new LatencyRow("sqs", Summary.of(List.of(10.0)), Summary.of(List.of(0.5)),
                Summary.of(List.of(11.0, 11.5, 13.0)), Summary.of(List.of(0.5, 1.0, 2.5))));
        results.add(new LatencyRow("nats", Summary.of(List.of(1.0)), Summary.of(List.of(0.3)),
                Summary.of(List.of(1.5, 1.7, 2.8)), Summary.of(List.of(0.2, 0.4, 1.5))));
        results.add(new FootprintRow("sqs", 1.2, 0.004, 80, 200, 0.2, 95, 100));
        results.add(new ScalerRow(1000, 30, 60, 0.3, 300, 350, 12000, 5, Summary.of(List.of(2.0, 3.0, 7.0)), 3));
        results.failed("nats latency", new IllegalStateException("boom"));

        String md = ResultTables.render(results, "## header\n");

        assertThat(md).startsWith("## header\n");
        assertThat(md).contains("| broker | concurrency | messages | broker limit | HTTP limit | serial bound | relay (c=1) "
                + "| sidecar + output | sidecar, no output | ratio + output | ratio, no output | + output / serial bound "
                + "| no output / serial bound | ratio to relay | sidecar CPU + output (cores) "
                + "| sidecar CPU per message (ms) | all accounted | goal + output ≥ 0.8 × serial bound at 32 "
                + "| goal ratio to relay ≥ 0.9 at 1 | goal CPU per message at 32 (≤ 0.10 ms; sqs ≤ 0.30 ms) |");
        // c = 1: the relay and its goal; the goals at 32 blank.
        assertThat(md).contains(
                "| sqs | 1 | 250 | 100 | 1000 | 91 | 85 | 80 | 90 | 0.80 | 0.90 | 0.88 | 0.99 | 0.94 | 0.50 | 6.250 | yes |  | met |  |");
        assertThat(md).contains(
                "| amqp | 1 | 500 | 2000 | 6000 | 1500 | 500 | 400 | 460 | 0.20 | 0.23 | 0.27 | 0.31 | 0.80 | 0.60 | 1.500 | yes |  | **not met** |  |");
        // c = 32: serial-bound and CPU goals (SQS's CPU goal is 0.30 ms); no relay.
        assertThat(md).contains(
                "| sqs | 32 | 2000 | 1000 | 4000 | 800 |  | 950 | 990 | 0.95 | 0.99 | 1.19 | 1.24 |  | 0.25 | 0.263 | yes | met |  | met |");
        assertThat(md).contains(
                "| kafka | 32 | 2000 | 1000 | 4000 | 800 |  | 520 | 600 | 0.52 | 0.60 | 0.65 | 0.75 |  | 0.50 | 0.962 | **no** | **not met** |  | **not met** |");
        assertThat(md).contains(
                "| nats | 32 | 4000 | 10000 | 10000 | 5000 |  | 4100 | 4500 | 0.41 | 0.45 | 0.82 | 0.90 |  | 0.37 | 0.090 | yes | met |  | met |");
        // Other concurrencies: no goal at all.
        assertThat(md).contains(
                "| nats | 10 | 2000 | 10000 | 10000 | 5000 |  | 3000 | 3500 | 0.30 | 0.35 | 0.60 | 0.70 |  | 0.50 | 0.167 | yes |  |  |  |");
        assertThat(md).contains("| goal added p50 ≤ 0.5 ms | goal added p99 ≤ 2 ms |");
        assertThat(md).contains("| sqs | 3 | 10.00 | 0.50 | 11.50 | 13.00 | 1.00 | 2.50 | 2.50 | **not met** | **not met** |");
        assertThat(md).contains("| nats | 3 | 1.00 | 0.30 | 1.70 | 2.80 | 0.40 | 1.50 | 1.50 | met | met |");
        assertThat(md).contains("| sqs | 1.20 | 0.004 | 80 | 200 | 0.200 | 95 | 100 | met | met |");
        assertThat(md).contains("| 1000 | 30.0 | 60 | 0.300 | 300 | 350 | 12000 | 2.00 / 3.00 / 7.00 | 3 of 3 | met | met | **not met** |");
        assertThat(md).contains("- nats latency: java.lang.IllegalStateException: boom");
        for (String line : md.lines().filter(l -> l.startsWith("|")).toList()) {
            assertThat(line).endsWith("|");
        }
    }

    @Test
    void everyRowOfATableHasAsManyCellsAsItsHeader() {
        BenchResults results = new BenchResults();
        results.add(new ThroughputRow("sqs", 1, 250, 500, 900, 300, 250, 280, 0.5, true));
        results.add(new ThroughputRow("sqs", 10, 1000, 500, 900, NONE, 400, 450, 0.5, true));
        results.add(new LatencyRow("sqs", Summary.of(List.of(10.0)), Summary.of(List.of(0.5)),
                Summary.of(List.of(11.0)), Summary.of(List.of(0.5))));
        results.add(new FootprintRow("sqs", 1.2, 0.004, 80, 200, 0.2, 95, 100));
        List<String> rows = ResultTables.render(results, "").lines().filter(l -> l.startsWith("|")).toList();
        assertThat(rows).hasSize(10);
        assertThat(List.of(rows.get(1), rows.get(2), rows.get(3))).allMatch(r -> cells(r) == cells(rows.get(0)));
        assertThat(List.of(rows.get(5), rows.get(6))).allMatch(r -> cells(r) == cells(rows.get(4)));
        assertThat(List.of(rows.get(8), rows.get(9))).allMatch(r -> cells(r) == cells(rows.get(7)));
    }

    private static long cells(String row) {
        return row.chars().filter(c -> c == '|').count();
    }
}
