package io.asyncservice.bench.proc;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

/** Stopping the processes the bench starts (the sidecar, the operator) the way a kubelet would, and waiting between polls. */
public final class ChildProcesses {

    private ChildProcesses() {
    }

    /** SIGTERM, so that the process drains; SIGKILL if it is still running after {@code grace}. */
    public static void stop(Process process, Duration grace) {
        process.destroy();
        try {
            if (!process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }

    /** Sleeps, keeping the interrupt flag if interrupted. */
    public static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
