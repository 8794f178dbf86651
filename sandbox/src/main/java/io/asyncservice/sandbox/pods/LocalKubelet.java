package io.asyncservice.sandbox.pods;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodStatus;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
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
 * The kubelet's part: runs the pods bound to the sandbox node as {@link LocalPod}s, reports their status, and
 * stops a pod that is deleted with the {@link TerminationSequence} before letting it go by removing
 * {@link #FINALIZER}. A pod without a node is bound here, as a one-node scheduler would.
 */
final class LocalKubelet {

    static final String NODE_NAME = "sandbox-local";
    /** Keeps a deleted pod in the API until its processes are stopped, as a kubelet keeps a terminating pod. */
    static final String FINALIZER = "sandbox.asyncservice.io/local-processes";
    static final String PORTS_ANNOTATION = "sandbox.asyncservice.io/ports";
    private static final Logger LOG = LoggerFactory.getLogger(LocalKubelet.class);

    private final KubernetesClient client;
    private final LocalPodFactory pods;
    private final TerminationSequence termination;
    private final ExecutorService terminations;
    private final HostPorts hostPorts;
    private final Map<String, LocalPod> running = new ConcurrentHashMap<>();

    LocalKubelet(KubernetesClient client, LocalPodFactory pods, TerminationSequence termination,
            ExecutorService terminations, HostPorts hostPorts) {
        this.client = client;
        this.pods = pods;
        this.termination = termination;
        this.terminations = terminations;
        this.hostPorts = hostPorts;
    }

    Collection<LocalPod> running() {
        return running.values();
    }

    void sync(List<Pod> apiPods) {
        Set<String> seen = new HashSet<>();
        for (Pod pod : apiPods) {
            String node = pod.getSpec().getNodeName();
            if (node != null && !node.isEmpty() && !NODE_NAME.equals(node)) {
                continue;
            }
            String uid = pod.getMetadata().getUid();
            seen.add(uid);
            LocalPod local = running.get(uid);
            if (pod.getMetadata().getDeletionTimestamp() != null) {
                if (local == null) {
                    removeFinalizer(pod);
                } else if (local.beginTermination()) {
                    terminateThenRelease(local, pod);
                }
            } else if (local == null) {
                start(pod);
            }
        }
        for (LocalPod local : List.copyOf(running.values())) {
            if (!seen.contains(local.uid()) && local.beginTermination()) {
                LOG.warn("pod {} is gone from the API; stopping its processes", local.name());
                terminateThenRelease(local, null);
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

    private void start(Pod pod) {
        List<Container> all = new ArrayList<>();
        if (pod.getSpec().getInitContainers() != null) {
            all.addAll(pod.getSpec().getInitContainers());
        }
        all.addAll(pod.getSpec().getContainers());
        PortPlan ports = pods.portPlan(all);
        LocalPod local = pods.create(pod, ports);
        running.put(pod.getMetadata().getUid(), local);
        LOG.info("pod {}: running locally in {}, ports {}", pod.getMetadata().getName(), local.dir(), ports.describe());
        try {
            client.pods().inNamespace(pod.getMetadata().getNamespace()).withName(pod.getMetadata().getName()).edit(p -> {
                p.getMetadata().getAnnotations().put(PORTS_ANNOTATION, ports.describe());
                p.getSpec().setNodeName(NODE_NAME);
                return p;
            });
        } catch (KubernetesClientException e) {
            LOG.debug("pod {}: could not annotate its ports: {}", pod.getMetadata().getName(), e.getMessage());
        }
    }

    private void terminateThenRelease(LocalPod local, Pod pod) {
        long grace = pod == null || pod.getSpec().getTerminationGracePeriodSeconds() == null ? 30
                : pod.getSpec().getTerminationGracePeriodSeconds();
        terminations.submit(() -> {
            try {
                termination.run(local, Duration.ofSeconds(grace));
            } catch (RuntimeException e) {
                LOG.error("pod {}: termination failed", local.name(), e);
            } finally {
                running.remove(local.uid());
                hostPorts.release(local.ports().asMap().values());
                if (pod != null) {
                    removeFinalizer(pod);
                }
            }
        });
    }

    private void removeFinalizer(Pod pod) {
        try {
            client.pods().inNamespace(pod.getMetadata().getNamespace()).withName(pod.getMetadata().getName()).edit(p -> {
                p.getMetadata().getFinalizers().remove(FINALIZER);
                return p;
            });
        } catch (KubernetesClientException e) {
            if (e.getCode() != 404) {
                LOG.warn("pod {}: could not remove the finalizer: {}", pod.getMetadata().getName(), e.getMessage());
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
            if (e.getCode() != 404) {
                LOG.warn("pod {}: could not write its status: {}", pod.getMetadata().getName(), e.getMessage());
            }
        }
    }

    /** Stops every local pod with its termination sequence, all at once, and waits. */
    void stopAll() {
        List<Runnable> stops = new ArrayList<>();
        for (LocalPod local : List.copyOf(running.values())) {
            if (local.beginTermination()) {
                stops.add(() -> termination.run(local, Duration.ofSeconds(30)));
            }
        }
        List<Thread> threads = new ArrayList<>();
        for (Runnable stop : stops) {
            Thread t = new Thread(stop, "pod-stop");
            t.start();
            threads.add(t);
        }
        for (Thread t : threads) {
            try {
                t.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        running.clear();
    }
}
