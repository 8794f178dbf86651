package io.asyncservice.bench.sidecar;

import io.asyncservice.bench.broker.BenchBroker;
import io.asyncservice.bench.broker.Lane;
import io.asyncservice.bench.report.LatencyRow;
import io.asyncservice.bench.report.Summary;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;

/**
 * The latency the sidecar adds at low load: one message at a time, the next published when the previous one's
 * output has been received. Three samples of {@code messages} each, after {@code warmUp} unmeasured ones:
 * <ol>
 *   <li>relay: publish, a plain-client loop ({@link RelayLoop}, broker work only) in its own thread (waiting in a
 *       receive, as the sidecar does) receives it, publishes it to the output and acks, the output is received;</li>
 *   <li>direct: one HTTP call to the no-op app;</li>
 *   <li>sidecar: publish, the sidecar (concurrency 1) calls the app and publishes the output, the output is received.</li>
 * </ol>
 * The sidecar's added time per message is its time minus the relay's median minus the direct call's median.
 */
public final class LatencyBench {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private final BenchBroker broker;
    private final NoOpApp app;
    private final Path logDir;

    public LatencyBench(BenchBroker broker, NoOpApp app, Path logDir) {
        this.broker = broker;
        this.app = app;
        this.logDir = logDir;
    }

    public LatencyRow run(int messages, int warmUp) {
        HttpLimit http = new HttpLimit(app.url());
        List<Double> direct = new ArrayList<>();
        for (int i = 0; i < warmUp + messages; i++) {
            double ms = http.callOnce();
            if (i >= warmUp) {
                direct.add(ms);
            }
        }
        List<Double> relay;
        try (Lane lane = broker.newLane(); RelayLoop.Running running = RelayLoop.brokerOnly(lane).startInBackground()) {
            relay = sample(lane, messages, warmUp, () -> lane.takeOutput(TIMEOUT));
        }
        List<Double> sidecarTimes;
        try (Lane lane = broker.newLane();
             SidecarUnderTest sidecar = SidecarUnderTest.spawn(SidecarConfigs.of(lane, app, 1, true), lane.sidecarEnv(),
                     logDir.resolve("sidecar-" + broker.name() + "-latency.log"))) {
            sidecar.awaitReady(Duration.ofSeconds(60));
            sidecarTimes = sample(lane, messages, warmUp, () -> lane.takeOutput(TIMEOUT));
        }
        Summary relaySummary = Summary.of(relay);
        Summary directSummary = Summary.of(direct);
        List<Double> added = sidecarTimes.stream().map(t -> t - relaySummary.p50() - directSummary.p50()).toList();
        return new LatencyRow(broker.name(), relaySummary, directSummary, Summary.of(sidecarTimes), Summary.of(added));
    }

    /** Publishes one message at a time and times it until {@code done}; returns milliseconds per message. */
    private static List<Double> sample(Lane lane, int messages, int warmUp, BooleanSupplier done) {
        List<Double> times = new ArrayList<>();
        for (int i = 0; i < warmUp + messages; i++) {
            long start = System.nanoTime();
            lane.publish(1, "lat-" + i + "-");
            if (!done.getAsBoolean()) {
                throw new IllegalStateException("message " + i + " did not come out within " + TIMEOUT);
            }
            if (i >= warmUp) {
                times.add((System.nanoTime() - start) / 1e6);
            }
        }
        return times;
    }
}
