package io.asyncservice.bench;

import io.asyncservice.api.v1alpha1.BrokerKind;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * What to run, from the command line.
 *
 * <pre>
 *   --quick                 a tiny run (seconds): few messages, short windows, 5 services
 *   --only a,b              sidecar (throughput), latency, footprint, scaler; default: all
 *   --brokers a,b           sqs, kafka, nats, amqp; default: all
 *   --concurrency 1,8,32    sidecar throughput concurrencies
 *   --messages N            messages per throughput figure at concurrency 8 (a quarter at 1, twice at 32)
 *   --latency-messages N    messages per latency sample
 *   --seconds N             footprint windows (idle and load, each)
 *   --services N            AsyncServices for the scaler
 *   --scaler-window N       seconds of the scaler's steady-state window
 *   --probes N              services woken up to time replicas = 1
 *   --out FILE              also write the tables to FILE (default bench/target/results.md)
 * </pre>
 */
public record BenchOptions(Set<String> only, List<String> brokers, List<Integer> concurrencies, int messages,
        int latencyMessages, Duration footprintWindow, int footprintRate, int services, Duration scalerWindow, int probes,
        String out, boolean quick) {

    public static final List<String> SECTIONS = List.of("sidecar", "latency", "footprint", "scaler");
    public static final List<String> BROKERS = Arrays.stream(BrokerKind.values()).map(BrokerKind::fieldName).toList();

    public static BenchOptions defaults() {
        return new BenchOptions(new LinkedHashSet<>(SECTIONS), BROKERS, List.of(1, 8, 32), 2000, 200,
                Duration.ofSeconds(10), 200, 1000, Duration.ofSeconds(60), 20, "bench/target/results.md", false);
    }

    public static BenchOptions tiny() {
        return new BenchOptions(new LinkedHashSet<>(SECTIONS), BROKERS, List.of(1, 8, 32), 200, 20,
                Duration.ofSeconds(2), 50, 5, Duration.ofSeconds(10), 3, "bench/target/results.md", true);
    }

    public static BenchOptions parse(String... args) {
        BenchOptions base = List.of(args).contains("--quick") ? tiny() : defaults();
        Set<String> only = base.only;
        List<String> brokers = base.brokers;
        List<Integer> concurrencies = base.concurrencies;
        int messages = base.messages;
        int latencyMessages = base.latencyMessages;
        Duration footprintWindow = base.footprintWindow;
        int services = base.services;
        Duration scalerWindow = base.scalerWindow;
        int probes = base.probes;
        String out = base.out;
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (a.equals("--quick")) {
                continue;
            }
            if (a.equals("--help") || a.equals("-h")) {
                throw new IllegalArgumentException("usage");
            }
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException(a + " needs a value");
            }
            String v = args[++i];
            switch (a) {
                case "--only" -> only = checked(v, SECTIONS, a);
                case "--brokers" -> brokers = new ArrayList<>(checked(v, BROKERS, a));
                case "--concurrency" -> concurrencies = split(v).stream().map(BenchOptions::positive).toList();
                case "--messages" -> messages = positive(v);
                case "--latency-messages" -> latencyMessages = positive(v);
                case "--seconds" -> footprintWindow = Duration.ofSeconds(positive(v));
                case "--services" -> services = positive(v);
                case "--scaler-window" -> scalerWindow = Duration.ofSeconds(positive(v));
                case "--probes" -> probes = positive(v);
                case "--out" -> out = v;
                default -> throw new IllegalArgumentException("unknown option " + a);
            }
        }
        return new BenchOptions(only, brokers, concurrencies, messages, latencyMessages, footprintWindow,
                base.footprintRate, services, scalerWindow, probes, out, base.quick);
    }

    public boolean runs(String section) {
        return only.contains(section);
    }

    /** Messages for one throughput figure: a quarter at concurrency 1, twice as many at 32. */
    public int messagesAt(int concurrency) {
        if (concurrency <= 1) {
            return Math.max(20, messages / 4);
        }
        return concurrency >= 32 ? messages * 2 : messages;
    }

    private static Set<String> checked(String value, List<String> allowed, String option) {
        Set<String> set = new LinkedHashSet<>(split(value));
        for (String s : set) {
            if (!allowed.contains(s)) {
                throw new IllegalArgumentException(option + ": " + s + " is not one of " + String.join(", ", allowed));
            }
        }
        return set;
    }

    private static List<String> split(String v) {
        return List.of(v.split(",")).stream().map(String::trim).filter(s -> !s.isEmpty()).toList();
    }

    private static int positive(String v) {
        int n = Integer.parseInt(v.trim());
        if (n <= 0) {
            throw new IllegalArgumentException(v + " is not a positive number");
        }
        return n;
    }
}
