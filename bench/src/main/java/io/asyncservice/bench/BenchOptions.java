package io.asyncservice.bench;

import io.asyncservice.api.v1alpha1.BrokerKind;
import io.asyncservice.bench.profile.ProfileCell;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * What to run, from the command line.
 *
 * <pre>
 *   --quick                 a tiny run (seconds): few messages, short windows, 5 services
 *   --only a,b              sidecar (throughput), latency, footprint, scaler; default: all
 *   --brokers a,b           sqs, kafka, nats, amqp; default: all
 *   --concurrency 1,10,32   sidecar throughput concurrencies
 *   --messages N            messages per throughput figure at a middle concurrency (2 to 31, so 10 by default);
 *                           a quarter of N (at least 20) at concurrency 1, twice N at 32 and above; default 2000
 *   --latency-messages N    messages per latency sample
 *   --seconds N             footprint windows (idle and load, each)
 *   --services N            AsyncServices for the scaler
 *   --scaler-window N       seconds of the scaler's steady-state window
 *   --probes N              services woken up to time replicas = 1
 *   --out FILE              also write the tables to FILE (default bench/target/results.md)
 *   --profile BROKER:C      run the sidecar of that one throughput cell (with output) under a CPU profiler, e.g.
 *                           amqp:32 (async-profiler at 1 ms, or JFR where it has no library for the platform);
 *                           writes the .jfr and its folded stacks (.folded: the measured window, .all.folded:
 *                           the whole life) to bench/target/profiles/ and prints the window's top frames. The cell
 *                           must be one that runs (sidecar on, BROKER in --brokers, C in --concurrency).
 * </pre>
 */
public record BenchOptions(Set<String> only, List<String> brokers, List<Integer> concurrencies, int messages,
        int latencyMessages, Duration footprintWindow, int footprintRate, int services, Duration scalerWindow, int probes,
        String out, boolean quick, Optional<ProfileCell> profile) {

    public static final List<String> SECTIONS = List.of("sidecar", "latency", "footprint", "scaler");
    public static final List<String> BROKERS = Arrays.stream(BrokerKind.values()).map(BrokerKind::fieldName).toList();
    public static final List<Integer> DEFAULT_CONCURRENCIES = List.of(1, 10, 32);

    public static BenchOptions defaults() {
        return new BenchOptions(new LinkedHashSet<>(SECTIONS), BROKERS, DEFAULT_CONCURRENCIES, 2000, 200,
                Duration.ofSeconds(10), 200, 1000, Duration.ofSeconds(60), 20, "bench/target/results.md", false,
                Optional.empty());
    }

    public static BenchOptions tiny() {
        return new BenchOptions(new LinkedHashSet<>(SECTIONS), BROKERS, DEFAULT_CONCURRENCIES, 200, 20,
                Duration.ofSeconds(2), 50, 5, Duration.ofSeconds(10), 3, "bench/target/results.md", true,
                Optional.empty());
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
        Optional<ProfileCell> profile = base.profile;
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
                case "--concurrency" -> concurrencies = split(v).stream().map(c -> positive(a, c)).toList();
                case "--messages" -> messages = positive(a, v);
                case "--latency-messages" -> latencyMessages = positive(a, v);
                case "--seconds" -> footprintWindow = Duration.ofSeconds(positive(a, v));
                case "--services" -> services = positive(a, v);
                case "--scaler-window" -> scalerWindow = Duration.ofSeconds(positive(a, v));
                case "--probes" -> probes = positive(a, v);
                case "--out" -> out = v;
                case "--profile" -> profile = Optional.of(ProfileCell.parse(v, BROKERS));
                default -> throw new IllegalArgumentException("unknown option " + a);
            }
        }
        if (concurrencies.isEmpty()) {
            throw new IllegalArgumentException("--concurrency: no concurrency given");
        }
        if (profile.isPresent()) {
            ProfileCell cell = profile.get();
            if (!only.contains("sidecar") || !brokers.contains(cell.broker())
                    || !concurrencies.contains(cell.concurrency())) {
                throw new IllegalArgumentException("--profile " + cell + ": that throughput cell does not run (sidecar "
                        + (only.contains("sidecar") ? "on" : "off") + ", brokers " + String.join(",", brokers)
                        + ", concurrencies " + concurrencies.stream().map(String::valueOf).toList() + ")");
            }
        }
        return new BenchOptions(only, brokers, concurrencies, messages, latencyMessages, footprintWindow,
                base.footprintRate, services, scalerWindow, probes, out, base.quick, profile);
    }

    public boolean runs(String section) {
        return only.contains(section);
    }

    /**
     * Messages for one throughput figure: {@code messages} at a middle concurrency (2 to 31), a quarter of it (at least
     * 20) at concurrency 1, twice as many at 32 and above. The relay at concurrency 1 takes as many as the sidecar.
     */
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

    private static int positive(String option, String v) {
        int n;
        try {
            n = Integer.parseInt(v.trim());
        } catch (NumberFormatException e) {
            n = 0;
        }
        if (n <= 0) {
            throw new IllegalArgumentException(option + ": " + v + " is not a positive number");
        }
        return n;
    }
}
