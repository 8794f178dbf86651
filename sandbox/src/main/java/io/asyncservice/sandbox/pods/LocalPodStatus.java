package io.asyncservice.sandbox.pods;

import io.fabric8.kubernetes.api.model.ContainerState;
import io.fabric8.kubernetes.api.model.ContainerStateBuilder;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.PodConditionBuilder;
import io.fabric8.kubernetes.api.model.PodStatus;
import io.fabric8.kubernetes.api.model.PodStatusBuilder;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

/**
 * A local pod's status as the kubelet reports it: phase, conditions (PodScheduled, Initialized, ContainersReady,
 * Ready), container statuses with state, last state, restart count and readiness, the pod's own loopback address
 * ({@link PodIps}) as its pod IP and the node's, {@value SandboxNode#ADDRESS}, as its host IP. A pod whose
 * restartPolicy is Never or OnFailure ends Succeeded when every regular container exited with 0 for good, and
 * Failed when one did not. A condition keeps its lastTransitionTime while its status stays the same, so an unchanged pod writes the
 * same status and no watch event.
 */
final class LocalPodStatus {

    private LocalPodStatus() {
    }

    /** @param previous the status stored in the API, for transition times; may be null */
    static PodStatus build(LocalPod pod, PodStatus previous) {
        List<ContainerStatus> init = new ArrayList<>();
        for (LocalContainer c : pod.nativeSidecars()) {
            init.add(containerStatus(c));
        }
        List<ContainerStatus> main = new ArrayList<>();
        for (LocalContainer c : pod.mainContainers()) {
            main.add(containerStatus(c));
        }
        boolean allRunning = pod.containers().stream().allMatch(c -> c.process().isRunning());
        boolean anyStarted = main.stream().anyMatch(s -> s.getState().getRunning() != null
                || s.getLastState().getTerminated() != null);
        boolean ready = pod.ready();
        String phase = allRunning || anyStarted ? "Running" : "Pending";
        if (pod.completed()) {
            // restartPolicy Never or OnFailure, and every regular container has exited for good
            phase = main.stream().allMatch(s -> s.getState().getTerminated().getExitCode() == 0) ? "Succeeded" : "Failed";
        }
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        boolean initialized = pod.nativeSidecars().stream().allMatch(c -> c.process().isRunning());
        List<PodCondition> conditions = List.of(
                condition("PodScheduled", true, previous, now),
                condition("Initialized", initialized, previous, now),
                condition("ContainersReady", ready, previous, now),
                condition("Ready", ready, previous, now));
        return new PodStatusBuilder()
                .withPhase(phase)
                .withConditions(conditions)
                .withHostIP(SandboxNode.ADDRESS)
                .addNewHostIP().withIp(SandboxNode.ADDRESS).endHostIP()
                .withPodIP(pod.ip())
                .addNewPodIP().withIp(pod.ip()).endPodIP()
                .withStartTime(pod.startTime().truncatedTo(ChronoUnit.SECONDS).toString())
                // the API server sets the QoS class from the resources when the pod is created, and it is immutable
                .withQosClass(previous == null || previous.getQosClass() == null ? "BestEffort" : previous.getQosClass())
                .withInitContainerStatuses(init)
                .withContainerStatuses(main)
                .build();
    }

    private static PodCondition condition(String type, boolean status, PodStatus previous, Instant now) {
        String value = status ? "True" : "False";
        String since = now.toString();
        if (previous != null && previous.getConditions() != null) {
            for (PodCondition old : previous.getConditions()) {
                if (type.equals(old.getType()) && value.equals(old.getStatus()) && old.getLastTransitionTime() != null) {
                    since = old.getLastTransitionTime();
                }
            }
        }
        return new PodConditionBuilder().withType(type).withStatus(value).withLastTransitionTime(since).build();
    }

    private static ContainerStatus containerStatus(LocalContainer c) {
        ContainerProcess.Snapshot s = c.process().snapshot();
        ContainerState state;
        if (s.running()) {
            state = new ContainerStateBuilder().withNewRunning().withStartedAt(time(s.startedAt())).endRunning().build();
        } else if (s.finalTermination() != null) {
            state = terminated(s.finalTermination());
        } else {
            state = new ContainerStateBuilder().withNewWaiting().withReason(s.waitingReason())
                    .withMessage(s.waitingMessage()).endWaiting().build();
        }
        ContainerState last = s.lastTermination() == null ? new ContainerState() : terminated(s.lastTermination());
        return new ContainerStatusBuilder()
                .withName(c.name())
                .withImage(c.image())
                .withImageID("sandbox://" + c.image())
                .withContainerID(s.pid() > 0 ? "sandbox://pid/" + s.pid() : null)
                .withReady(c.ready())
                .withStarted(s.running())
                .withRestartCount(s.restartCount())
                .withState(state)
                .withLastState(last)
                .build();
    }

    private static ContainerState terminated(ContainerProcess.Termination t) {
        return new ContainerStateBuilder().withNewTerminated().withExitCode(t.exitCode()).withReason(t.reason())
                .withStartedAt(time(t.startedAt())).withFinishedAt(time(t.finishedAt())).endTerminated().build();
    }

    private static String time(Instant t) {
        return t == null ? null : t.truncatedTo(ChronoUnit.SECONDS).toString();
    }
}
