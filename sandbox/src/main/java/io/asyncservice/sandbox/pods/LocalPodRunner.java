package io.asyncservice.sandbox.pods;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.function.BiFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The process kubelet: the one part of the sandbox's cluster that is not real Kubernetes, since a kubelet needs a
 * container runtime. It registers the Node {@value SandboxNode#NAME}, and every {@code interval} it reads the Pods
 * from the API server and has the {@link LocalKubelet} bind, run, report and stop them. Beside it run the
 * {@link KubeletServer} ({@code kubectl logs}) and the {@link ServiceProxy} (Services by name, over plain HTTP).
 * Deployments, ReplicaSets and garbage collection are the real controllers' work, in kube-controller-manager.
 *
 * <p>There are no images, no isolation, no resource limits and no network namespaces; see {@link CommandResolver}
 * for what runs in place of an image, {@link PortPlan} for how pods share this machine's ports, and
 * {@link PodIpForwards} for how each pod still answers at {@code <podIP>:<containerPort>}.
 */
public final class LocalPodRunner implements AutoCloseable, ContainerLogs {

    private static final Logger LOG = LoggerFactory.getLogger(LocalPodRunner.class);
    private static final long HEARTBEAT_SECONDS = 10;

    private final KubernetesClient client;
    private final LocalKubelet kubelet;
    private final SandboxNode node;
    private final KubeletServer server;
    private final ServiceProxy proxy;
    private final ScheduledExecutorService loop;
    private final ExecutorService terminations;

    private LocalPodRunner(KubernetesClient client, PodRunnerSettings settings,
            BiFunction<Path, String, Path> kubeconfigWriter, String kubernetesVersion) {
        this.client = client;
        this.terminations = Executors.newCachedThreadPool(daemon("pod-termination"));
        this.loop = Executors.newSingleThreadScheduledExecutor(daemon("kubelet"));
        HostPorts ports = new HostPorts();
        ProbeRunner probes = new ProbeRunner();
        LocalKubelet[] self = new LocalKubelet[1];
        this.server = KubeletServer.start(settings.workDir().resolve("kubelet"), this);
        this.proxy = ServiceProxy.start(new ServiceResolver(client, () -> self[0].running()));
        LocalPodFactory factory = new LocalPodFactory(settings.workDir(),
                new CommandResolver(settings.sidecarCommand(), settings.images()), new ApiObjects(client), probes,
                ports::reserve, new PodClusterAccess(client, kubeconfigWriter, proxy.port()));
        this.kubelet = new LocalKubelet(client, factory, new TerminationSequence(probes, settings.listener()),
                terminations, ports, new PodIps());
        self[0] = kubelet;
        this.node = new SandboxNode(client, server.port(), kubernetesVersion);
    }

    /**
     * Registers the node and starts following the API server; {@link #close()} stops every pod with its drain
     * sequence.
     *
     * @param client            an admin client of the API server
     * @param kubeconfigWriter  writes a kubeconfig of this cluster for a token (a pod's ServiceAccount's)
     * @param kubernetesVersion the control plane's version, reported as the node's kubelet version
     */
    public static LocalPodRunner start(KubernetesClient client, PodRunnerSettings settings,
            BiFunction<Path, String, Path> kubeconfigWriter, String kubernetesVersion) {
        LocalPodRunner runner = new LocalPodRunner(client, settings, kubeconfigWriter, kubernetesVersion);
        try {
            runner.node.register();
        } catch (RuntimeException e) {
            runner.close();
            throw e;
        }
        LOG.info("Process kubelet on node {}: pods run as local processes on this machine (no images, no isolation,"
                + " ports remapped per pod, each pod's containerPorts also at its own pod IP from {}); pod directories"
                + " and logs under {}", SandboxNode.NAME, PodIps.FIRST, settings.workDir());
        runner.loop.scheduleWithFixedDelay(runner::syncSafely, 0, settings.interval().toMillis(), TimeUnit.MILLISECONDS);
        runner.loop.scheduleWithFixedDelay(runner.node::heartbeat, HEARTBEAT_SECONDS, HEARTBEAT_SECONDS, TimeUnit.SECONDS);
        return runner;
    }

    /** The node's name. */
    public static String nodeName() {
        return SandboxNode.NAME;
    }

    /** The pods running locally now. */
    public List<LocalPod> pods() {
        return List.copyOf(kubelet.running());
    }

    /** The pod {@code namespace/name} if it runs here. */
    public Optional<LocalPod> pod(String namespace, String name) {
        return kubelet.running().stream().filter(p -> p.namespace().equals(namespace) && p.name().equals(name))
                .findFirst();
    }

    @Override
    public Optional<Path> logFile(String namespace, String pod, String container) {
        return pod(namespace, pod).flatMap(p -> p.logFile(container));
    }

    @Override
    public boolean running(String namespace, String pod, String container) {
        return pod(namespace, pod).flatMap(p -> p.pid(container)).isPresent();
    }

    private void syncSafely() {
        try {
            List<Pod> pods = client.pods().inAnyNamespace().list().getItems();
            kubelet.sync(pods);
        } catch (RuntimeException e) {
            LOG.warn("kubelet round failed: {}", e.toString(), e);
        }
    }

    /** Stops following the API, then stops every local pod at once with its drain sequence, and waits. */
    @Override
    public void close() {
        loop.shutdownNow();
        try {
            loop.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (kubelet != null) {
            LOG.info("Process kubelet stopping: draining {} local pods", kubelet.running().size());
            kubelet.stopAll();
        }
        terminations.shutdown();
        try {
            terminations.awaitTermination(60, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        proxy.close();
        server.close();
    }

    private static ThreadFactory daemon(String name) {
        return r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        };
    }

    /** Secrets and ConfigMaps, read from the API at each container start. */
    private record ApiObjects(KubernetesClient client) implements EnvResolver.ObjectLookup {

        @Override
        public Optional<Secret> secret(String namespace, String name) {
            return Optional.ofNullable(client.secrets().inNamespace(namespace).withName(name).get());
        }

        @Override
        public Optional<ConfigMap> configMap(String namespace, String name) {
            return Optional.ofNullable(client.configMaps().inNamespace(namespace).withName(name).get());
        }
    }
}
