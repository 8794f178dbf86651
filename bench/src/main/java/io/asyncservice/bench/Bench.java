package io.asyncservice.bench;

import io.asyncservice.bench.broker.BenchBroker;
import io.asyncservice.bench.broker.BenchBrokers;
import io.asyncservice.bench.report.BenchResults;
import io.asyncservice.bench.scaler.ScalerBench;
import io.asyncservice.bench.sidecar.FootprintBench;
import io.asyncservice.bench.sidecar.HttpLimit;
import io.asyncservice.bench.sidecar.LatencyBench;
import io.asyncservice.bench.sidecar.NoOpApp;
import io.asyncservice.bench.sidecar.ThroughputBench;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the selected benchmarks one after the other, broker by broker, so that nothing measured shares the machine
 * with another measurement. A figure that fails is reported as not measured; the rest still run.
 */
public final class Bench {

    private static final Logger LOG = LoggerFactory.getLogger(Bench.class);

    private final BenchOptions options;
    private final Path logDir;

    public Bench(BenchOptions options, Path logDir) {
        this.options = options;
        this.logDir = logDir;
    }

    public BenchResults run() {
        BenchResults results = new BenchResults();
        boolean sidecarSections = options.runs("sidecar") || options.runs("latency") || options.runs("footprint");
        if (sidecarSections) {
            try (NoOpApp app = NoOpApp.start()) {
                warmUp(app);
                for (String kind : options.brokers()) {
                    runBroker(kind, app, results);
                }
            }
        }
        if (options.runs("scaler")) {
            try {
                results.add(new ScalerBench(logDir).run(options.services(), options.scalerWindow(), options.probes()));
            } catch (RuntimeException e) {
                LOG.error("scaler benchmark failed", e);
                results.failed("scaler at " + options.services() + " services", e);
            }
        }
        return results;
    }

    /** Warms this JVM's HTTP client and the no-op app up, so that the first HTTP limit is not taken cold. */
    private void warmUp(NoOpApp app) {
        HttpLimit http = new HttpLimit(app.url());
        http.measure(8, options.quick() ? 500 : 5000);
    }

    private void runBroker(String kind, NoOpApp app, BenchResults results) {
        LOG.info("=== {} ===", kind);
        BenchBroker broker;
        try {
            broker = BenchBrokers.start(kind);
        } catch (RuntimeException e) {
            LOG.error("cannot start {}", kind, e);
            results.failed(kind + " (broker did not start)", e);
            return;
        }
        try (broker) {
            LOG.info("{}", broker.description());
            if (options.runs("sidecar")) {
                ThroughputBench throughput = new ThroughputBench(broker, app, logDir, options.profile(),
                        logDir.resolveSibling("profiles"));
                for (int c : options.concurrencies()) {
                    attempt(results, kind + " throughput at concurrency " + c,
                            () -> results.add(throughput.run(c, options.messagesAt(c))));
                }
            }
            if (options.runs("latency")) {
                attempt(results, kind + " latency", () -> results.add(new LatencyBench(broker, app, logDir)
                        .run(options.latencyMessages(), Math.max(5, options.latencyMessages() / 10))));
            }
            if (options.runs("footprint")) {
                attempt(results, kind + " footprint", () -> results.add(new FootprintBench(broker, app, logDir)
                        .run(options.footprintWindow(), options.footprintRate())));
            }
        }
    }

    private static void attempt(BenchResults results, String what, Runnable measurement) {
        try {
            measurement.run();
        } catch (RuntimeException e) {
            LOG.error("{} failed", what, e);
            results.failed(what, e);
        }
    }
}
