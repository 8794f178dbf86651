package io.asyncservice.bench.sidecar;

import io.asyncservice.bench.broker.BenchBroker;
import io.asyncservice.bench.broker.Lane;
import io.asyncservice.bench.proc.ChildProcesses;
import io.asyncservice.bench.proc.ProcessMeter;
import io.asyncservice.bench.report.FootprintRow;
import java.nio.file.Path;
import java.time.Duration;

/**
 * The sidecar process's footprint: the time from spawning its JVM to the output of a message that was waiting
 * already, then CPU and RSS over an idle window, then over a window with a steady publishing rate.
 */
public final class FootprintBench {

    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    static final int CONCURRENCY = 8;

    private final BenchBroker broker;
    private final NoOpApp app;
    private final Path logDir;

    public FootprintBench(BenchBroker broker, NoOpApp app, Path logDir) {
        this.broker = broker;
        this.app = app;
        this.logDir = logDir;
    }

    /** {@code window} for idle and for load each; {@code rate} messages per second during the load window. */
    public FootprintRow run(Duration window, int rate) {
        try (Lane lane = broker.newLane()) {
            lane.publish(1, "first-");
            try (SidecarUnderTest sidecar = SidecarUnderTest.spawn(SidecarConfigs.of(lane, app, CONCURRENCY, true),
                    lane.sidecarEnv(), logDir.resolve("sidecar-" + broker.name() + "-footprint.log"))) {
                if (!lane.takeOutput(TIMEOUT)) {
                    throw new IllegalStateException("the first message did not come out within " + TIMEOUT + "; see "
                            + sidecar.log());
                }
                double startSeconds = (System.nanoTime() - sidecar.spawnedAtNanos()) / 1e9;
                ProcessMeter meter = sidecar.meter();
                ChildProcesses.sleep(Math.min(2000, window.toMillis()));
                ProcessMeter.Window idle = meter.measure(window.toMillis() / 1000.0, () -> { });
                long before = sidecar.successes();
                int perTick = Math.max(1, rate / 10);
                long[] published = {0};
                ProcessMeter.Window load = meter.measure(0, () -> {
                    long end = System.nanoTime() + window.toNanos();
                    long next = System.nanoTime();
                    while (System.nanoTime() < end) {
                        lane.publish(perTick, "load-" + published[0] + "-");
                        published[0] += perTick;
                        next += 100_000_000L;
                        long wait = next - System.nanoTime();
                        if (wait > 0) {
                            ChildProcesses.sleep(wait / 1_000_000);
                        }
                    }
                });
                long delivered = sidecar.successes() - before;
                awaitSuccesses(sidecar, before + published[0]);
                return new FootprintRow(broker.name(), startSeconds, idle.cores(), idle.rssMiB(),
                        delivered / load.seconds(), load.cores(), load.rssMiB(), meter.sample().peakRssMiB());
            }
        }
    }

    private static void awaitSuccesses(SidecarUnderTest sidecar, long expected) {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (sidecar.successes() < expected) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the sidecar delivered " + sidecar.successes() + " of " + expected
                        + " messages; see " + sidecar.log());
            }
            ChildProcesses.sleep(50);
        }
    }
}
