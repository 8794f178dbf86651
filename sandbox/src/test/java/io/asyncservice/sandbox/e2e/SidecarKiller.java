package io.asyncservice.sandbox.e2e;

import io.asyncservice.sandbox.pods.LocalPod;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * The kill -9 fault: every {@code period}, while {@code keepGoing} holds, SIGKILLs the sidecar process of a random
 * pod. Before each kill it looks at the pods killed before: a pod still there that runs a sidecar with another pid
 * was restarted by the pod runner, as a kubelet restarts a container.
 */
final class SidecarKiller implements AutoCloseable {

    private final Supplier<List<LocalPod>> pods;
    private final BooleanSupplier keepGoing;
    private final Random random = new Random();
    private final Map<String, Long> killedPidByPod = new HashMap<>();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "sidecar-killer");
        t.setDaemon(true);
        return t;
    });
    private int kills;
    private int restartsSeen;

    SidecarKiller(Supplier<List<LocalPod>> pods, BooleanSupplier keepGoing) {
        this.pods = pods;
        this.keepGoing = keepGoing;
    }

    SidecarKiller every(long seconds) {
        timer.scheduleWithFixedDelay(this::round, seconds, seconds, TimeUnit.SECONDS);
        return this;
    }

    synchronized int kills() {
        return kills;
    }

    /** Killed sidecars seen running again with a new pid. */
    synchronized int restartsSeen() {
        return restartsSeen;
    }

    private synchronized void round() {
        List<LocalPod> now = pods.get();
        for (LocalPod pod : now) {
            Long killed = killedPidByPod.get(pod.name());
            Optional<Long> pid = pod.pid(EndToEndSandbox.SIDECAR);
            if (killed != null && pid.isPresent() && !pid.get().equals(killed)) {
                restartsSeen++;
                killedPidByPod.remove(pod.name());
            }
        }
        if (!keepGoing.getAsBoolean()) {
            return;
        }
        List<LocalPod> running = now.stream().filter(p -> p.pid(EndToEndSandbox.SIDECAR).isPresent()).toList();
        if (running.isEmpty()) {
            return;
        }
        LocalPod victim = running.get(random.nextInt(running.size()));
        long pid = victim.pid(EndToEndSandbox.SIDECAR).orElseThrow();
        if (ProcessHandle.of(pid).map(ProcessHandle::destroyForcibly).orElse(false)) {
            kills++;
            killedPidByPod.put(victim.name(), pid);
            System.out.printf("[kill -9] sidecar of pod %s (pid %d), kill %d%n", victim.name(), pid, kills);
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
