package io.asyncservice.bench.report;

import java.util.ArrayList;
import java.util.List;

/** What one run measured, filled in as the run goes; rendered by {@link ResultTables}. */
public final class BenchResults {

    private final List<ThroughputRow> throughput = new ArrayList<>();
    private final List<LatencyRow> latency = new ArrayList<>();
    private final List<FootprintRow> footprint = new ArrayList<>();
    private final List<ScalerRow> scaler = new ArrayList<>();
    private final List<String> failures = new ArrayList<>();

    public synchronized void add(ThroughputRow row) {
        throughput.add(row);
    }

    public synchronized void add(LatencyRow row) {
        latency.add(row);
    }

    public synchronized void add(FootprintRow row) {
        footprint.add(row);
    }

    public synchronized void add(ScalerRow row) {
        scaler.add(row);
    }

    /** A measurement that could not be taken, with why; reported instead of a row. */
    public synchronized void failed(String what, Throwable cause) {
        failures.add(what + ": " + cause);
    }

    public synchronized List<ThroughputRow> throughput() {
        return List.copyOf(throughput);
    }

    public synchronized List<LatencyRow> latency() {
        return List.copyOf(latency);
    }

    public synchronized List<FootprintRow> footprint() {
        return List.copyOf(footprint);
    }

    public synchronized List<ScalerRow> scaler() {
        return List.copyOf(scaler);
    }

    public synchronized List<String> failures() {
        return List.copyOf(failures);
    }
}
