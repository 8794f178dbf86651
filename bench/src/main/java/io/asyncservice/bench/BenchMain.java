package io.asyncservice.bench;

import io.asyncservice.bench.report.BenchResults;
import io.asyncservice.bench.report.ResultTables;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;

/**
 * {@code ./bench/run [options]}: runs the benchmarks and prints one Markdown report (also written to
 * {@code bench/target/results.md}). See {@link BenchOptions} for the options and BENCHMARKS.md for how to read it.
 */
public final class BenchMain {

    private BenchMain() {
    }

    public static void main(String[] args) throws IOException {
        if (System.getProperty("logback.configurationFile") == null) {
            System.setProperty("logback.configurationFile", "bench-logback.xml");
        }
        BenchOptions options;
        try {
            options = BenchOptions.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage().equals("usage") ? "" : e.getMessage());
            System.err.println("usage: ./bench/run [--quick] [--only sidecar,latency,footprint,scaler] "
                    + "[--brokers sqs,kafka,nats,amqp] [--concurrency 1,10,32] [--messages N] [--latency-messages N] "
                    + "[--seconds N] [--services N] [--scaler-window N] [--probes N] [--out FILE] "
                    + "[--profile BROKER:CONCURRENCY]");
            System.exit(2);
            return;
        }
        String report = run(options);
        System.out.println();
        System.out.println(report);
        Path out = Path.of(options.out());
        if (out.getParent() != null) {
            Files.createDirectories(out.getParent());
        }
        Files.writeString(out, report);
        System.out.println("(written to " + out.toAbsolutePath() + ")");
        System.exit(0);
    }

    /** Runs the benchmarks and returns the report. */
    public static String run(BenchOptions options) {
        Path logDir = Path.of("bench/target/bench-logs").toAbsolutePath();
        Instant start = Instant.now();
        String machine = Machine.describe();
        BenchResults results = new Bench(options, logDir).run();
        long seconds = Duration.between(start, Instant.now()).toSeconds();
        String header = "## Benchmark results" + (options.quick() ? " (quick run: too small to read anything into)" : "")
                + "\n\n" + machine + "- run took " + seconds + " s; load average at the end: " + Machine.loadAverage()
                + "\n- logs: " + logDir + "\n";
        return ResultTables.render(results, header);
    }
}
