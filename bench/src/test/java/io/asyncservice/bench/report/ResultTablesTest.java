package io.asyncservice.bench.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class ResultTablesTest {

    @Test
    void throughputRatioIsTheSidecarOverTheSmallerLimit() {
        ThroughputRow row = new ThroughputRow("sqs", 32, 1000, 1000, 4000, 950, 990, 0.5, true);
        assertThat(row.limit()).isEqualTo(1000);
        assertThat(row.ratioWithOutput()).isEqualTo(0.95);
        ThroughputRow httpBound = new ThroughputRow("amqp", 8, 1000, 5000, 800, 400, 600, 0.5, true);
        assertThat(httpBound.ratioWithOutput()).isEqualTo(0.5);
        assertThat(httpBound.ratioWithoutOutput()).isEqualTo(0.75);
        assertThat(new ThroughputRow("nats", 32, 1000, 3000, 6000, 1500, 1800, 1.0, true).serialBound())
                .isCloseTo(2000, org.assertj.core.data.Offset.offset(1e-9));
    }

    @Test
    void rendersOneMarkdownRowPerMeasurementWithTheGoalsMarked() {
        BenchResults results = new BenchResults();
        results.add(new ThroughputRow("sqs", 1, 250, 100, 1000, 80, 90, 0.5, true));
        results.add(new ThroughputRow("sqs", 32, 2000, 1000, 4000, 950, 990, 0.5, true));
        results.add(new ThroughputRow("kafka", 32, 2000, 1000, 4000, 500, 600, 0.5, false));
        results.add(new LatencyRow("sqs", Summary.of(List.of(10.0)), Summary.of(List.of(0.5)),
                Summary.of(List.of(11.0, 11.5, 13.0)), Summary.of(List.of(0.5, 1.0, 2.5))));
        results.add(new FootprintRow("sqs", 1.2, 0.004, 80, 200, 0.2, 95, 100));
        results.add(new ScalerRow(1000, 30, 60, 0.3, 300, 350, 12000, 5, Summary.of(List.of(2.0, 3.0, 7.0)), 3));
        results.failed("nats latency", new IllegalStateException("boom"));

        String md = ResultTables.render(results, "## header\n");

        assertThat(md).startsWith("## header\n");
        assertThat(md).contains("| sqs | 1 | 250 | 100 | 1000 | 91 | 80 | 90 | 0.80 | 0.90 | 0.99 | 0.50 | yes |  |");
        assertThat(md).contains("| sqs | 32 | 2000 | 1000 | 4000 | 800 | 950 | 990 | 0.95 | 0.99 | 1.24 | 0.50 | yes | met |");
        assertThat(md).contains("| kafka | 32 | 2000 | 1000 | 4000 | 800 | 500 | 600 | 0.50 | 0.60 | 0.75 | 0.50 | **no** | **not met** |");
        assertThat(md).contains("| sqs | 3 | 10.00 | 0.50 | 11.50 | 13.00 | 1.00 | 2.50 | 2.50 | **not met** |");
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
        results.add(new ThroughputRow("sqs", 8, 1000, 500, 900, 400, 450, 0.5, true));
        results.add(new FootprintRow("sqs", 1.2, 0.004, 80, 200, 0.2, 95, 100));
        List<String> rows = ResultTables.render(results, "").lines().filter(l -> l.startsWith("|")).toList();
        assertThat(rows).hasSize(6);
        assertThat(cells(rows.get(0))).isEqualTo(cells(rows.get(1))).isEqualTo(cells(rows.get(2)));
        assertThat(cells(rows.get(3))).isEqualTo(cells(rows.get(4))).isEqualTo(cells(rows.get(5)));
    }

    private static long cells(String row) {
        return row.chars().filter(c -> c == '|').count();
    }
}
