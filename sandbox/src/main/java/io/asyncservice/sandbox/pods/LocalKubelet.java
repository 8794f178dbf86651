package io.asyncservice.sandbox.pods;

import io.fabric8.kubernetes.api.model.BindingBuilder;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodStatus;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The kubelet of the one node, {@value SandboxNode#NAME}:
 * <ul>
 *   <li>binds each Pod without a node to itself through the {@code binding} subresource, as the scheduler would on
 *       a one-node cluster, and runs it as a {@link LocalPod};</li>
 *   <li>gives each pod its network: host ports for every port it uses ({@link PortPlan}, {@link HostPorts}), and a
 *       pod IP of its own, a loopback address from {@link PodIps}, reported as {@code status.podIP}, on which every
 *       TCP {@code containerPort} of the pod answers ({@link PodIpForwards}: {@code <podIP>:<containerPort>} is
 *       forwarded to the container's {@code 127.0.0.1:<host port>}), as it would on a cluster;</li>
 *   <li>reports its status (phase, conditions, container states, restarts, readiness);</li>
 *   <li>carries out graceful deletion: once the API server has set a Pod's deletionTimestamp, it stops the pod with
 *       the {@link TerminationSequence} (preStop, SIGTERM, the grace period, SIGKILL) and then deletes it with
 *       grace 0, which is what removes it from the API;</li>
 *   <li>stops the processes of a Pod that is gone from the API (force-deleted).</li>
 * </ul>
 * Once a pod's processes have stopped, its pod IP forwards close and its pod IP and host ports are released, before
 * the final delete; so a pod gone from the API no longer answers at its pod IP.
 */
final class LocalKubelet {

    static final String PORTS_ANNOTATION = "sandbox.asyncservice.io/ports";
    private static final Logger LOG = LoggerFactory.getLogger(LocalKubelet.class);

    private final KubernetesClient client;
    private final LocalPodFactory pods;
    private final TerminationSequence termination;
    private final ExecutorService terminations;
    private final HostPorts hostPorts;
    private final PodIps podIps;
    private final Map<String, LocalPod> running = new ConcurrentHashMap<>();
    /** By pod uid: the pod IP forwards of the pods in {@link #running}. */
    private final Map<String, PodIpForwards> forwards = new ConcurrentHashMap<>();

    LocalKubelet(KubernetesClient client, LocalPodFactory pods, TerminationSequence termination,
            ExecutorService terminations, HostPorts hostPorts, PodIps podIps) {
        this.client = client;
        this.pods = pods;
        this.termination = termination;
        this.terminations = terminations;
        this.hostPorts = hostPorts;
        this.podIps = podIps;
    }

    Collection<LocalPod> running() {
        return running.values();
    }

    /** One round: compares every Pod in the API with what runs here, and acts on the difference. */
    void sync(List<Pod> apiPods) {
        Set<String> seen = new HashSet<>();
        for (Pod pod : apiPods) {
            String node = pod.getSpec().getNodeName();
            if (node != null && !node.isEmpty() && !SandboxNode.NAME.equals(node)) {
                continue;
            }
            String uid = pod.getMetadata().getUid();
            seen.add(uid);
            LocalPod local = running.get(uid);
            if (pod.getMetadata().getDeletionTimestamp() != null) {
                if (local == null) {
                    deleteNow(pod);
                } else if (local.beginTermination()) {
                    terminateThenDelete(local, pod);
                }
            } else if (local == null && !finished(pod) && bind(pod)) {
                start(pod);
            }
        }
        for (LocalPod local : List.copyOf(running.values())) {
            if (!seen.contains(local.uid()) && local.beginTermination()) {
                if (!local.completed()) {
                    LOG.warn("pod {} is gone from the API; stopping its processes", local.name());
                }
                terminateThenDelete(local, null);
            }
        }
        Instant now = Instant.now();
        for (Pod pod : apiPods) {
            LocalPod local = running.get(pod.getMetadata().getUid());
            if (local != null) {
                local.tick(now);
                writeStatus(pod, local);
            }
        }
    }

    /** A pod that ran to completion before (e.g. a helm test pod) is not run again. */
    private static boolean finished(Pod pod) {
        String phase = pod.getStatus() == null ? null : pod.getStatus().getPhase();
        return "Succeeded".equals(phase) || "Failed".equals(phase);
    }

    /** Binds a Pod without a node to this one; true when it is bound here. */
    private boolean bind(Pod pod) {
        String node = pod.getSpec().getNodeName();
        if (node != null && !node.isEmpty()) {
            return true;
        }
        try {
            client.bindings().inNamespace(pod.getMetadata().getNamespace()).resource(new BindingBuilder()
                    .withNewMetadata().withName(pod.getMetadata().getName()).withUid(pod.getMetadata().getUid())
                    .endMetadata()
                    .withNewTarget().withApiVersion("v1").withKind("Node").withName(SandboxNode.NAME).endTarget()
                    .build()).create();
            pod.getSpec().setNodeName(SandboxNode.NAME);
            return true;
        } catch (KubernetesClientException e) {
            // 409: bound already (the next round sees it); 404: deleted meanwhile
            LOG.debug("pod {}: not bound: {}", pod.getMetadata().getName(), e.getMessage());
            return false;
        }
    }

    private void start(Pod pod) {
        List<Container> all = new ArrayList<>();
        if (pod.getSpec().getInitContainers() != null) {
            all.addAll(pod.getSpec().getInitContainers());
        }
        all.addAll(pod.getSpec().getContainers());
        String ip;
        try {
            ip = podIps.reserve();
        } catch (IllegalStateException e) {
            LOG.warn("pod {}/{}: not started: {}", pod.getMetadata().getNamespace(), pod.getMetadata().getName(),
                    e.getMessage());
            return;
        }
        PortPlan ports = null;
        LocalPod local;
        try {
            ports = pods.portPlan(all);
            local = pods.create(pod, ports, ip);
        } catch (RuntimeException e) {
            podIps.release(ip);
            if (ports != null) {
                hostPorts.release(ports.asMap().values());
            }
            throw e;
        }
        PodIpForwards podIpForwards = PodIpForwards.open(pod.getMetadata().getName(), ip, all, ports);
        forwards.put(pod.getMetadata().getUid(), podIpForwards);
        running.put(pod.getMetadata().getUid(), local);
        LOG.info("pod {}/{}: running locally in {}, ports {}, pod IP {}", pod.getMetadata().getNamespace(),
                pod.getMetadata().getName(), local.dir(), ports.describe(), podIpForwards.describe());
        try {
            client.pods().inNamespace(pod.getMetadata().getNamespace()).withName(pod.getMetadata().getName())
                    .patch(PatchContext.of(PatchType.JSON_MERGE), Serialization.asJson(Map.of("metadata",
                            Map.of("annotations", Map.of(PORTS_ANNOTATION, ports.describe())))));
        } catch (KubernetesClientException e) {
            LOG.debug("pod {}: could not annotate its ports: {}", pod.getMetadata().getName(), e.getMessage());
        }
    }

    private void terminateThenDelete(LocalPod local, Pod pod) {
        Duration grace = Duration.ofSeconds(gracePeriodSeconds(pod));
        terminations.submit(() -> {
            try {
                termination.run(local, grace);
            } catch (RuntimeException e) {
                LOG.error("pod {}: termination failed", local.name(), e);
            } finally {
                running.remove(local.uid());
                releaseNetwork(local);
                if (pod != null) {
                    deleteNow(pod);
                }
            }
        });
    }

    /** Closes the pod's IP forwards, then gives back its pod IP and host ports. */
    private void releaseNetwork(LocalPod local) {
        PodIpForwards podIpForwards = forwards.remove(local.uid());
        if (podIpForwards != null) {
            podIpForwards.close();
        }
        podIps.release(local.ip());
        hostPorts.release(local.ports().asMap().values());
    }

    /** The grace period the API server recorded with the deletion, else the pod's own, else 30 s. */
    private static long gracePeriodSeconds(Pod pod) {
        if (pod == null) {
            return 30;
        }
        if (pod.getMetadata().getDeletionGracePeriodSeconds() != null) {
            return pod.getMetadata().getDeletionGracePeriodSeconds();
        }
        Long own = pod.getSpec().getTerminationGracePeriodSeconds();
        return own == null ? 30 : own;
    }

    /** The kubelet's last word on a terminated pod: delete with grace 0. */
    private void deleteNow(Pod pod) {
        try {
            client.pods().inNamespace(pod.getMetadata().getNamespace()).resource(pod).withGracePeriod(0).delete();
        } catch (KubernetesClientException e) {
            if (e.getCode() != 404 && e.getCode() != 409) {
                LOG.warn("pod {}: could not delete it: {}", pod.getMetadata().getName(), e.getMessage());
            }
        }
    }

    private void writeStatus(Pod pod, LocalPod local) {
        PodStatus status = LocalPodStatus.build(local, pod.getStatus());
        if (Objects.equals(Serialization.asJson(status), Serialization.asJson(pod.getStatus()))) {
            return;
        }
        pod.setStatus(status);
        try {
            client.pods().inNamespace(pod.getMetadata().getNamespace()).resource(pod).updateStatus();
        } catch (KubernetesClientException e) {
            // 409: the pod changed since this round's list; the next round writes again
            if (e.getCode() != 404 && e.getCode() != 409) {
                LOG.warn("pod {}: could not write its status: {}", pod.getMetadata().getName(), e.getMessage());
            }
        }
    }

    /** Stops every local pod with its termination sequence, all at once, and waits. */
    void stopAll() {
        List<Thread> threads = new ArrayList<>();
        for (LocalPod local : List.copyOf(running.values())) {
            if (local.beginTermination()) {
                Thread t = new Thread(() -> termination.run(local, Duration.ofSeconds(30)), "pod-stop");
                t.start();
                threads.add(t);
            }
        }
        for (Thread t : threads) {
            try {
                t.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        for (LocalPod local : List.copyOf(running.values())) {
            releaseNetwork(local);
        }
        running.clear();
    }
}
