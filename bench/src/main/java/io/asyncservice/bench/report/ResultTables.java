package io.asyncservice.bench.report;

import java.util.List;
import java.util.Locale;

/** Renders {@link BenchResults} as Markdown tables, one per benchmark, with each goal marked met or not met. */
public final class ResultTables {

    private ResultTables() {
    }

    public static String render(BenchResults results, String header) {
        StringBuilder out = new StringBuilder(header);
        if (!results.throughput().isEmpty()) {
            out.append("\n### Sidecar throughput (messages/s; ratio = sidecar / min(broker limit, HTTP limit))\n\n");
            out.append(row("broker", "concurrency", "messages", "broker limit", "HTTP limit", "serial bound",
                    "relay (c=1)", "sidecar + output", "sidecar, no output", "ratio + output", "ratio, no output",
                    "+ output / serial bound", "no output / serial bound", "ratio to relay",
                    "sidecar CPU + output (cores)", "sidecar CPU per message (ms)", "all accounted",
                    "goal + output ≥ 0.8 × serial bound at 32", "goal ratio to relay ≥ 0.9 at 1",
                    "goal CPU per message at 32 (≤ 0.10 ms; sqs ≤ 0.30 ms)"));
            out.append(rule(20));
            for (ThroughputRow r : results.throughput()) {
                boolean at32 = r.concurrency() == Goals.THROUGHPUT_CONCURRENCY;
                boolean at1 = r.concurrency() == 1;
                out.append(row(r.broker(), Integer.toString(r.concurrency()), Integer.toString(r.messages()),
                        whole(r.brokerLimit()), whole(r.httpLimit()), whole(r.serialBound()),
                        at1 ? whole(r.relay()) : "", whole(r.withOutput()), whole(r.withoutOutput()),
                        two(r.ratioWithOutput()), two(r.ratioWithoutOutput()), two(r.ratioWithOutputToSerialBound()),
                        two(r.ratioWithoutOutputToSerialBound()), at1 ? two(r.ratioToRelay()) : "",
                        two(r.sidecarCores()), three(r.cpuMsPerMessage()), r.accounted() ? "yes" : "**no**",
                        at32 ? Goals.mark(r.ratioWithOutputToSerialBound() >= Goals.MIN_SERIAL_BOUND_RATIO_AT_32) : "",
                        at1 ? Goals.mark(r.ratioToRelay() >= Goals.MIN_RATIO_TO_RELAY_AT_1) : "",
                        at32 ? Goals.mark(r.cpuMsPerMessage() <= Goals.maxCpuMsPerMessage(r.broker())) : ""));
            }
        }
        if (!results.latency().isEmpty()) {
            out.append("\n### Latency at low load (ms; added = sidecar − median relay − median direct call)\n\n");
            out.append(row("broker", "messages", "relay p50", "direct call p50", "sidecar p50", "sidecar p99",
                    "added p50", "added p99", "added max", "goal added p50 ≤ 0.5 ms", "goal added p99 ≤ 2 ms"));
            out.append(rule(11));
            for (LatencyRow r : results.latency()) {
                out.append(row(r.broker(), Integer.toString(r.sidecar().count()), two(r.relay().p50()),
                        two(r.direct().p50()), two(r.sidecar().p50()), two(r.sidecar().p99()), two(r.added().p50()),
                        two(r.added().p99()), two(r.added().max()),
                        Goals.mark(r.added().p50() <= Goals.MAX_ADDED_P50_MS),
                        Goals.mark(r.added().p99() <= Goals.MAX_ADDED_P99_MS)));
            }
        }
        if (!results.footprint().isEmpty()) {
            out.append("\n### Sidecar footprint (CPU in cores; RSS in MiB)\n\n");
            out.append(row("broker", "start to first output (s)", "idle CPU", "idle RSS", "load (msg/s)", "load CPU",
                    "load RSS", "peak RSS", "goal RSS < 128 MiB", "goal start < 1.5 s"));
            out.append(rule(10));
            for (FootprintRow r : results.footprint()) {
                out.append(row(r.broker(), two(r.startSeconds()), three(r.idleCores()), whole(r.idleRssMiB()),
                        whole(r.loadRate()), three(r.loadCores()), whole(r.loadRssMiB()), whole(r.peakRssMiB()),
                        Goals.mark(r.peakRssMiB() < Goals.MAX_SIDECAR_RSS_MIB),
                        Goals.mark(r.startSeconds() < Goals.MAX_SIDECAR_START_SECONDS)));
            }
        }
        if (!results.scaler().isEmpty()) {
            out.append("\n### Scaler (the operator process alone; SQS on ElasticMQ, real kube-apiserver + etcd + kube-controller-manager)\n\n");
            out.append(row("services", "all rendered (s)", "window (s)", "CPU (cores)", "RSS (MiB)", "peak RSS (MiB)",
                    "backlog reads/min", "wake-up min / p50 / max (s)", "probes", "goal CPU < 0.5",
                    "goal RSS < 512 MiB", "goal wake-up ≤ poll + 1 s"));
            out.append(rule(12));
            for (ScalerRow r : results.scaler()) {
                Summary w = r.wakeUp();
                out.append(row(Integer.toString(r.services()), one(r.renderSeconds()), whole(r.windowSeconds()),
                        three(r.cores()), whole(r.rssMiB()), whole(r.peakRssMiB()), whole(r.readsPerMinute()),
                        two(w.min()) + " / " + two(w.p50()) + " / " + two(w.max()),
                        w.count() + " of " + r.probes(), Goals.mark(r.cores() < Goals.MAX_OPERATOR_CORES),
                        Goals.mark(r.peakRssMiB() < Goals.MAX_OPERATOR_RSS_MIB),
                        Goals.mark(w.count() == r.probes()
                                && w.max() <= r.pollingSeconds() + Goals.WAKE_UP_SLACK_SECONDS)));
            }
        }
        if (!results.failures().isEmpty()) {
            out.append("\n### Not measured\n\n");
            for (String f : results.failures()) {
                out.append("- ").append(f).append('\n');
            }
        }
        return out.toString();
    }

    static String row(String... cells) {
        return "| " + String.join(" | ", cells) + " |\n";
    }

    static String rule(int columns) {
        return "|" + " --- |".repeat(columns) + "\n";
    }

    static String whole(double v) {
        return Double.isNaN(v) ? "n/a" : String.format(Locale.ROOT, "%.0f", v);
    }

    static String one(double v) {
        return Double.isNaN(v) ? "n/a" : String.format(Locale.ROOT, "%.1f", v);
    }

    static String two(double v) {
        return Double.isNaN(v) ? "n/a" : String.format(Locale.ROOT, "%.2f", v);
    }

    static String three(double v) {
        return Double.isNaN(v) ? "n/a" : String.format(Locale.ROOT, "%.3f", v);
    }

    /** The titles of the four tables, in order. */
    public static List<String> sectionTitles() {
        return List.of("Sidecar throughput", "Latency at low load", "Sidecar footprint", "Scaler");
    }
}
