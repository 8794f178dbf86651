package io.asyncservice.sandbox.pods;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The kubelet stand-in: a SANDBOX STAND-IN FOR A CLUSTER, not a cluster. Every {@code interval} it reads the
 * Deployments and Pods from the API through a plain fabric8 client and
 * <ol>
 *   <li>collects garbage the mock API leaves behind ({@link GarbageCollector});</li>
 *   <li>makes each Deployment's pods match its replicas and template ({@link ReplicaController});</li>
 *   <li>runs those pods' containers as local processes and stops deleted pods with preStop, SIGTERM, grace and
 *       SIGKILL ({@link LocalKubelet});</li>
 *   <li>reports pod and Deployment status ({@link DeploymentStatusWriter}).</li>
 * </ol>
 * There are no images, no isolation, no resource limits and no network namespaces; see {@link PortPlan} for how
 * pods share this machine's ports.
 */
public final class LocalPodRunner implements AutoCloseable, io.asyncservice.sandbox.api.PodLogs {

    private static final Logger LOG = LoggerFactory.getLogger(LocalPodRunner.class);

    private final KubernetesClient client;
    private final GarbageCollector garbage;
    private final ReplicaController replicas;
    private final LocalKubelet kubelet;
    private final DeploymentStatusWriter deploymentStatus;
    private final ScheduledExecutorService loop;
    private final ExecutorService terminations;

    private LocalPodRunner(KubernetesClient client, PodRunnerSettings settings) {
        this.client = client;
        this.garbage = new GarbageCollector(client);
        this.replicas = new ReplicaController(client);
        this.deploymentStatus = new DeploymentStatusWriter(client);
        this.terminations = Executors.newCachedThreadPool(daemon("pod-termination"));
        ProbeRunner probes = new ProbeRunner();
        HostPorts ports = new HostPorts();
        LocalPodFactory factory = new LocalPodFactory(settings.workDir(),
                new CommandResolver(settings.sidecarCommand(), settings.images()), new ApiObjects(client), probes,
                ports::reserve);
        this.kubelet = new LocalKubelet(client, factory, new TerminationSequence(probes, settings.listener()), terminations,
                ports);
        this.loop = Executors.newSingleThreadScheduledExecutor(daemon("pod-runner"));
    }

    /** Starts following the API; {@link #close()} stops every pod with its drain sequence. */
    public static LocalPodRunner start(KubernetesClient client, PodRunnerSettings settings) {
        LOG.info("LocalPodRunner: a SANDBOX STAND-IN for a Kubernetes cluster. Pods of Deployments run as local "
                + "processes on this machine (no images, no isolation, ports remapped per pod); pod directories and "
                + "logs are under {}", settings.workDir());
        LocalPodRunner runner = new LocalPodRunner(client, settings);
        runner.loop.scheduleWithFixedDelay(runner::syncSafely, 0, settings.interval().toMillis(), TimeUnit.MILLISECONDS);
        return runner;
    }

    /** The pods running locally now. */
    public List<LocalPod> pods() {
        return List.copyOf(kubelet.running());
    }

    /** A container's output, for {@code kubectl logs}. */
    @Override
    public Optional<String> read(String namespace, String pod, String container) {
        return kubelet.running().stream()
                .filter(p -> p.namespace().equals(namespace) && p.name().equals(pod))
                .findFirst()
                .flatMap(p -> p.logFile(container))
                .map(file -> {
                    try {
                        return java.nio.file.Files.exists(file) ? java.nio.file.Files.readString(file) : "";
                    } catch (java.io.IOException e) {
                        throw new java.io.UncheckedIOException(e);
                    }
                });
    }

    private void syncSafely() {
        try {
            sync();
        } catch (RuntimeException e) {
            LOG.warn("pod runner round failed: {}", e.toString(), e);
        }
    }

    private void sync() {
        List<Deployment> deployments = client.apps().deployments().inAnyNamespace().list().getItems();
        List<Pod> pods = client.pods().inAnyNamespace().list().getItems();
        List<Deployment> alive = garbage.collect(deployments, pods);
        for (Deployment d : alive) {
            replicas.reconcile(d, ReplicaController.ownedBy(d, pods));
        }
        List<Pod> current = client.pods().inAnyNamespace().list().getItems();
        kubelet.sync(current);
        List<Pod> reported = client.pods().inAnyNamespace().list().getItems();
        for (Deployment d : alive) {
            deploymentStatus.write(d, ReplicaController.ownedBy(d, reported));
        }
    }

    @Override
    public void close() {
        loop.shutdownNow();
        try {
            loop.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        LOG.info("LocalPodRunner stopping: draining {} local pods", kubelet.running().size());
        kubelet.stopAll();
        terminations.shutdown();
        try {
            terminations.awaitTermination(60, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
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
