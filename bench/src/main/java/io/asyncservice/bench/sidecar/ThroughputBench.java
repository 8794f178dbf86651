package io.asyncservice.bench.sidecar;

import io.asyncservice.bench.broker.BenchBroker;
import io.asyncservice.bench.broker.Lane;
import io.asyncservice.bench.broker.Rate;
import io.asyncservice.bench.proc.ChildProcesses;
import io.asyncservice.bench.proc.ProcSample;
import io.asyncservice.bench.profile.ProfileCell;
import io.asyncservice.bench.profile.SidecarProfile;
import io.asyncservice.bench.report.ThroughputRow;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The throughput figures of one broker at one concurrency, in one go: the broker limit, the HTTP limit, at
 * concurrency 1 the plain-client relay ({@link RelayLoop}: receive, call the app, publish the output, ack, one after
 * the other, on as many messages as the sidecar), and the sidecar with and without an output queue. Each figure gets
 * fresh queues holding {@code messages} messages published beforehand. The broker limit's rate runs from the first
 * batch handled to the last. The relay's and the sidecar's run from the first tenth of the messages (a fresh JVM warms
 * up on them; for the sidecar, the app's call for the tenth) to the last success (output accepted, input acked; for
 * the sidecar, its own count); the sidecar's /metrics is not read during the window, so as not to load it. When the
 * cell is the {@code --profile} one, the sidecar with output runs under JFR ({@link SidecarProfile}).
 */
public final class ThroughputBench {

    private static final Logger LOG = LoggerFactory.getLogger(ThroughputBench.class);
    private static final Duration TIMEOUT = Duration.ofMinutes(2);
    /** How often the sidecar's /metrics is read once the app has seen every message. */
    private static final long POLL_MILLIS = 10;

    private final BenchBroker broker;
    private final NoOpApp app;
    private final HttpLimit http;
    private final Path logDir;
    private final Optional<ProfileCell> profile;
    private final Path profileDir;

    public ThroughputBench(BenchBroker broker, NoOpApp app, Path logDir) {
        this(broker, app, logDir, Optional.empty(), logDir);
    }

    public ThroughputBench(BenchBroker broker, NoOpApp app, Path logDir, Optional<ProfileCell> profile,
            Path profileDir) {
        this.broker = broker;
        this.app = app;
        this.http = new HttpLimit(app.url());
        this.logDir = logDir;
        this.profile = profile;
        this.profileDir = profileDir;
    }

    /** The figures; the HTTP limit is taken after a warm-up run of its own, as the others warm up too. */
    public ThroughputRow run(int concurrency, int messages) {
        Rate brokerLimit;
        boolean limitDrained;
        try (Lane lane = broker.newLane()) {
            lane.publish(messages, "limit-");
            brokerLimit = lane.consumeAndAck(concurrency, messages, TIMEOUT);
            limitDrained = awaitEmptyInput(lane);
        }
        http.measure(concurrency, Math.max(200, messages / 4));
        Rate httpLimit = http.measure(concurrency, messages);
        double relay = Double.NaN;
        boolean relayDrained = true;
        if (concurrency == 1) {
            try (Lane lane = broker.newLane()) {
                lane.publish(messages, "relay-");
                relay = new RelayLoop(lane, http::callOnce).measure(messages, warmUp(messages), TIMEOUT).perSecond();
                relayDrained = awaitEmptyInput(lane);
            }
        }
        SidecarRun withOutput = sidecar(concurrency, messages, true);
        SidecarRun withoutOutput = sidecar(concurrency, messages, false);
        ThroughputRow row = new ThroughputRow(broker.name(), concurrency, messages, brokerLimit.perSecond(),
                httpLimit.perSecond(), relay, withOutput.rate().perSecond(), withoutOutput.rate().perSecond(),
                withOutput.cores(), limitDrained && relayDrained && withOutput.accounted() && withoutOutput.accounted());
        LOG.info("{} c={}: broker limit {} msg/s, HTTP limit {} msg/s, relay {} msg/s, sidecar {} msg/s (output), "
                + "{} msg/s (no output)", broker.name(), concurrency, round(row.brokerLimit()), round(row.httpLimit()),
                Double.isNaN(relay) ? "-" : round(relay), round(row.withOutput()), round(row.withoutOutput()));
        return row;
    }

    /** The unmeasured first tenth, for the sidecar (a fresh JVM) and the relay alike. */
    private static int warmUp(int messages) {
        return Math.max(1, messages / 10);
    }

    private SidecarRun sidecar(int concurrency, int messages, boolean withOutput) {
        try (Lane lane = broker.newLane()) {
            lane.publish(messages, "sc-");
            Path log = logDir.resolve("sidecar-" + broker.name() + "-c" + concurrency + (withOutput ? "-out" : "") + ".log");
            Map<String, String> env = new HashMap<>(lane.sidecarEnv());
            // A short long poll, so that the drain at the end does not wait for one; rates are taken while busy.
            env.put("ASVC_RECEIVE_WAIT", "1s");
            Optional<SidecarProfile> profiled = withOutput
                    ? profile.filter(p -> p.is(broker.name(), concurrency)).map(p -> new SidecarProfile(profileDir, p))
                    : Optional.empty();
            List<String> extraFlags = profiled.map(SidecarProfile::jvmFlags).orElse(List.of());
            SidecarRun run;
            SidecarUnderTest stopped;
            try (SidecarUnderTest sidecar = SidecarUnderTest.spawn(SidecarConfigs.of(lane, app, concurrency, withOutput),
                    env, log, extraFlags)) {
                run = measure(sidecar, lane, messages, withOutput, log);
                stopped = sidecar;
            }
            profiled.ifPresent(p -> report(p, stopped, run));
            return run;
        }
    }

    /** Once the profiled sidecar has exited (and JFR dumped on exit): the folded stacks and the top frames. */
    private void report(SidecarProfile profile, SidecarUnderTest stopped, SidecarRun run) {
        LOG.info("{}: the profiled sidecar exited with {}; reading {}", broker.name(), stopped.exitValue(), profile.jfr());
        String summary;
        try {
            summary = profile.summarize(run.windowStart(), run.windowEnd());
        } catch (RuntimeException e) {
            LOG.error("{}: no profile from {}", broker.name(), profile.jfr(), e);
            return;
        }
        System.out.println();
        System.out.println("=== sidecar profile, " + broker.name() + " at concurrency " + profile.cell().concurrency()
                + " (JFR, settings=profile, with output; this cell's sidecar + output figure was taken under JFR) ===");
        System.out.println(summary);
    }

    private SidecarRun measure(SidecarUnderTest sidecar, Lane lane, int messages, boolean withOutput, Path log) {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        long warmUp = warmUp(messages);
        long baseCalls = app.calls();
        long firstAt = 0;
        Instant windowStart = null;
        ProcSample firstSample = null;
        long firstCount = 0;
        long calls = 0;
        // The window opens when the app has been called for the warm-up tenth: read in this JVM, for free.
        while (calls < messages && System.nanoTime() < deadline) {
            calls = app.calls() - baseCalls;
            if (firstAt == 0 && calls >= warmUp) {
                firstAt = System.nanoTime();
                windowStart = Instant.now();
                firstSample = sidecar.meter().sample();
                firstCount = calls;
            }
            ChildProcesses.sleep(2);
        }
        // It closes when the sidecar counts the last success: its /metrics is read only from now on.
        long count = 0;
        while (count < messages && System.nanoTime() < deadline) {
            sidecar.requireAlive();
            count = sidecar.successes();
            if (count < messages) {
                ChildProcesses.sleep(POLL_MILLIS);
            }
        }
        long endAt = System.nanoTime();
        Instant windowEnd = Instant.now();
        ProcSample endSample = sidecar.meter().sample();
        if (count < messages) {
            throw new IllegalStateException("the sidecar delivered " + count + " of " + messages + " messages in "
                    + TIMEOUT.toSeconds() + " s; see " + log);
        }
        long count0 = firstCount;
        Rate rate = new Rate(count - count0, (endAt - firstAt) / 1e9);
        double cores = endSample.coresSince(firstSample, rate.seconds());
        boolean accounted = accounted(lane, sidecar, messages, withOutput);
        return new SidecarRun(rate, cores, accounted, windowStart, windowEnd);
    }

    /** Whether the plain client left the input empty; waits up to 10 s for the broker's counts. */
    private boolean awaitEmptyInput(Lane lane) {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        long backlog;
        while ((backlog = lane.inputBacklog()) != 0) {
            if (System.nanoTime() > deadline) {
                LOG.warn("{}: the plain client left {} messages on the input", broker.name(), backlog);
                return false;
            }
            ChildProcesses.sleep(200);
        }
        return true;
    }

    /**
     * Every message delivered once: the sidecar counted exactly {@code messages} successes, the input is empty, and the
     * output holds {@code messages}. The broker's counts may lag its acks briefly, so this waits up to 10 s.
     */
    private boolean accounted(Lane lane, SidecarUnderTest sidecar, int messages, boolean withOutput) {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (true) {
            long successes = sidecar.successes();
            long backlog = lane.inputBacklog();
            long outputs = withOutput ? lane.outputCount() : messages;
            if (successes == messages && backlog == 0 && outputs == messages) {
                return true;
            }
            if (System.nanoTime() > deadline) {
                LOG.warn("{}: not every message accounted for: {} successes of {}, input backlog {}, outputs {}",
                        broker.name(), successes, messages, backlog, withOutput ? outputs : "-");
                return false;
            }
            ChildProcesses.sleep(200);
        }
    }

    private static long round(double v) {
        return Math.round(v);
    }

    /** One sidecar figure; the window is the measured one, in wall-clock time, to cut the profile to it. */
    private record SidecarRun(Rate rate, double cores, boolean accounted, Instant windowStart, Instant windowEnd) {
    }
}
