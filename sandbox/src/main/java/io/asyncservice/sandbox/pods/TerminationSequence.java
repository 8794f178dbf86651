package io.asyncservice.sandbox.pods;

import io.fabric8.kubernetes.api.model.LifecycleHandler;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stops a local pod the way the kubelet does, within {@code terminationGracePeriodSeconds} counted from the start:
 * <ol>
 *   <li>every regular container at once: its preStop hook if it has one (an httpGet, such as the operator's
 *       {@code GET /drain} on the sidecar, or a {@code sleep}), then SIGTERM; the preStop holds back only its own
 *       container's SIGTERM;</li>
 *   <li>wait for them to exit until the grace period ends (at least 2 s after a preStop), then SIGKILL;</li>
 *   <li>then the native sidecars (init containers with {@code restartPolicy: Always}) the same way, with what is
 *       left of the grace period.</li>
 * </ol>
 * An exec preStop hook is not run: it names a command inside the image.
 */
final class TerminationSequence {

    private static final Logger LOG = LoggerFactory.getLogger(TerminationSequence.class);
    private static final Duration MIN_AFTER_PRE_STOP = Duration.ofSeconds(2);

    private final ProbeRunner probes;
    private final TerminationListener listener;

    TerminationSequence(ProbeRunner probes, TerminationListener listener) {
        this.probes = probes;
        this.listener = listener;
    }

    void run(LocalPod pod, Duration grace) {
        Instant deadline = Instant.now().plus(grace);
        LOG.info("pod {} terminating: preStop, then SIGTERM, then SIGKILL after {} s", pod.name(), grace.toSeconds());
        pod.containers().forEach(c -> c.process().stopStarting());
        stopAll(pod, pod.mainContainers(), deadline);
        stopAll(pod, pod.nativeSidecars(), deadline);
        LOG.info("pod {} terminated", pod.name());
    }

    /** Each container on its own thread, as the kubelet stops containers in parallel. */
    private void stopAll(LocalPod pod, List<LocalContainer> containers, Instant deadline) {
        List<Thread> stops = new ArrayList<>();
        for (LocalContainer c : containers) {
            Thread t = new Thread(() -> stop(pod, c, deadline), "stop-" + pod.name() + "-" + c.name());
            t.start();
            stops.add(t);
        }
        for (Thread t : stops) {
            try {
                t.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private void stop(LocalPod pod, LocalContainer c, Instant deadline) {
        Instant killAt = deadline;
        if (c.process().isRunning() && c.preStop() != null) {
            runPreStop(pod, c, c.preStop(), deadline);
            Instant earliest = Instant.now().plus(MIN_AFTER_PRE_STOP);
            killAt = killAt.isBefore(earliest) ? earliest : killAt;
        }
        if (!c.process().isRunning()) {
            listener.step(pod.name(), c.name(), TerminationListener.Step.EXITED, "not running");
            return;
        }
        c.process().terminate();
        listener.step(pod.name(), c.name(), TerminationListener.Step.SIGTERM, "");
        try {
            if (c.process().awaitExit(Duration.between(Instant.now(), killAt))) {
                listener.step(pod.name(), c.name(), TerminationListener.Step.EXITED, "after SIGTERM");
                return;
            }
            LOG.warn("pod {} container {} still running at the end of the grace period: SIGKILL", pod.name(), c.name());
            c.process().kill();
            listener.step(pod.name(), c.name(), TerminationListener.Step.SIGKILL, "");
            c.process().awaitExit(Duration.ofSeconds(5));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            c.process().kill();
        }
    }

    private void runPreStop(LocalPod pod, LocalContainer c, LifecycleHandler hook, Instant deadline) {
        Duration timeout = Duration.between(Instant.now(), deadline);
        if (timeout.isNegative() || timeout.isZero()) {
            return;
        }
        listener.step(pod.name(), c.name(), TerminationListener.Step.PRE_STOP_STARTED, describe(hook, pod.ports()));
        String result;
        try {
            if (hook.getHttpGet() != null) {
                result = "answered " + probes.httpGetBlocking(hook.getHttpGet(), pod.ports(), timeout);
            } else if (hook.getSleep() != null) {
                Thread.sleep(Math.min(timeout.toMillis(), hook.getSleep().getSeconds() * 1000L));
                result = "slept";
            } else {
                result = "skipped: the sandbox cannot run an exec hook inside an image";
            }
        } catch (java.net.SocketTimeoutException e) {
            result = "did not answer within the grace period";
        } catch (java.io.IOException e) {
            result = "failed: " + e;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            result = "interrupted";
        }
        LOG.info("pod {} container {} preStop {} {}", pod.name(), c.name(), describe(hook, pod.ports()), result);
        listener.step(pod.name(), c.name(), TerminationListener.Step.PRE_STOP_FINISHED, result);
    }

    private static String describe(LifecycleHandler hook, PortPlan ports) {
        if (hook.getHttpGet() != null) {
            return "GET " + hook.getHttpGet().getPath() + " on port " + hook.getHttpGet().getPort().getValue()
                    + " (host port " + ports.host(hook.getHttpGet().getPort()) + ")";
        }
        return hook.getSleep() != null ? "sleep " + hook.getSleep().getSeconds() + "s" : "exec";
    }
}
