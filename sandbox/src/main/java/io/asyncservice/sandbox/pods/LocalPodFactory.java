package io.asyncservice.sandbox.pods;

import io.asyncservice.api.sidecar.SidecarContract;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.StringJoiner;
import java.util.function.IntSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns a Pod object into a {@link LocalPod}: a directory for it, its {@link PortPlan}, its volumes, and for every
 * container a command ({@link CommandResolver}) and an environment ({@link EnvResolver}) resolved at each start.
 *
 * <p>Environment: exactly the container's own {@code env} and {@code envFrom}, with secretKeyRef values read
 * from the API, plus {@code HOSTNAME}, {@code HOME} and {@code PATH}, and what {@link PodClusterAccess} gives in
 * place of a mounted token and a pod network ({@code KUBECONFIG}, {@code http_proxy}, {@code no_proxy}). Sandbox-only changes, all for ports and
 * paths: the sidecar's {@code ASVC_CONFIG} gets host ports (see {@link PortPlan}); the container the sidecar calls
 * gets {@code PORT} set to its host port (other containers with ports get their first one); and when a container
 * mounts volumes, {@code SANDBOX_VOLUME_MOUNTS} lists {@code <container path>=<local directory>} pairs, separated
 * by {@code ;}, because a local process cannot see the container path. Secret volumes are written to those local
 * directories, one file per key; emptyDir volumes are empty local directories. A fieldRef to {@code status.podIP}
 * gives the pod's own IP ({@link PodIps}), one to {@code status.hostIP} the node's.
 */
final class LocalPodFactory {

    private static final Logger LOG = LoggerFactory.getLogger(LocalPodFactory.class);
    static final String VOLUME_MOUNTS_ENV = "SANDBOX_VOLUME_MOUNTS";

    private final Path workDir;
    private final CommandResolver commands;
    private final EnvResolver env;
    private final EnvResolver.ObjectLookup objects;
    private final ProbeRunner probes;
    private final IntSupplier freePorts;
    private final PodClusterAccess cluster;

    LocalPodFactory(Path workDir, CommandResolver commands, EnvResolver.ObjectLookup objects, ProbeRunner probes,
            IntSupplier freePorts, PodClusterAccess cluster) {
        this.cluster = cluster;
        this.workDir = workDir;
        this.commands = commands;
        this.env = new EnvResolver(objects);
        this.objects = objects;
        this.probes = probes;
        this.freePorts = freePorts;
    }

    /** Port plans are made before the pod object is created, so its annotation can show them. */
    PortPlan portPlan(List<Container> allContainers) {
        List<Integer> extra = new ArrayList<>();
        for (Container c : allContainers) {
            sidecarConfig(c).ifPresent(json -> extra.addAll(SidecarConfigPorts.ports(json)));
        }
        return PortPlan.allocate(allContainers, extra, freePorts);
    }

    /** @param ip the pod's IP, from {@link PodIps} */
    LocalPod create(Pod pod, PortPlan ports, String ip) {
        String namespace = pod.getMetadata().getNamespace();
        String name = pod.getMetadata().getName();
        Path dir = workDir.resolve("pods").resolve(namespace + "_" + name);
        createDirectories(dir);
        var spec = pod.getSpec();
        List<Container> nativeSidecarSpecs = new ArrayList<>();
        for (Container init : spec.getInitContainers() == null ? List.<Container>of() : spec.getInitContainers()) {
            if ("Always".equals(init.getRestartPolicy())) {
                nativeSidecarSpecs.add(init);
            } else {
                LOG.warn("pod {}: init container {} skipped: the sandbox runs no run-to-completion init containers",
                        name, init.getName());
            }
        }
        List<Container> all = new ArrayList<>(nativeSidecarSpecs);
        all.addAll(spec.getContainers());
        String endpointContainer = endpointContainer(all, spec.getContainers());
        Map<String, Path> volumes = volumes(pod, dir);
        Map<String, String> annotations = pod.getMetadata().getAnnotations() == null ? Map.of()
                : pod.getMetadata().getAnnotations();
        List<LocalContainer> sidecars = new ArrayList<>();
        List<LocalContainer> mains = new ArrayList<>();
        for (Container c : all) {
            boolean endpoint = c.getName().equals(endpointContainer);
            Launch.Factory launches = () -> launch(pod, dir, c, endpoint, annotations, ports, ip, volumes);
            String restartPolicy = nativeSidecarSpecs.contains(c) ? "Always" : spec.getRestartPolicy();
            ContainerProcess process = new ContainerProcess(name, c.getName(), launches,
                    dir.resolve(c.getName() + ".log"), dir, restartPolicy);
            (nativeSidecarSpecs.contains(c) ? sidecars : mains).add(new LocalContainer(c, process, probes, ports));
        }
        return new LocalPod(namespace, name, pod.getMetadata().getUid(), pod.getMetadata().getLabels(),
                spec.getRestartPolicy(), sidecars, mains, ports, ip, dir, Instant.now());
    }

    private Launch launch(Pod pod, Path dir, Container c, boolean endpoint, Map<String, String> annotations,
            PortPlan ports, String ip, Map<String, Path> volumes) throws ContainerConfigException {
        ResolvedCommand command = commands.command(annotations, c, endpoint)
                .orElseThrow(() -> new ContainerConfigException("SandboxNoLocalCommand", CommandResolver.noCommandMessage(c)));
        Map<String, String> resolved = new LinkedHashMap<>(cluster.env(pod, dir));
        resolved.putAll(env.resolve(pod.getMetadata(), pod.getSpec().getNodeName(), ip, c));
        command.portEnv().forEach((variable, portName) -> resolved.put(variable,
                String.valueOf(ports.host(new io.fabric8.kubernetes.api.model.IntOrString(portName)))));
        String config = resolved.get(SidecarContract.CONFIG_ENV);
        if (config != null) {
            try {
                resolved.put(SidecarContract.CONFIG_ENV, SidecarConfigPorts.rewrite(config, ports));
            } catch (IllegalArgumentException e) {
                throw new ContainerConfigException("CreateContainerConfigError", e.getMessage());
            }
        } else if (endpoint) {
            endpointPort(pod).ifPresent(p -> resolved.put("PORT", String.valueOf(ports.host(p))));
        } else if (c.getPorts() != null && !c.getPorts().isEmpty()) {
            resolved.put("PORT", String.valueOf(ports.host(c.getPorts().get(0).getContainerPort())));
        }
        if (c.getVolumeMounts() != null && !c.getVolumeMounts().isEmpty()) {
            StringJoiner mounts = new StringJoiner(";");
            for (VolumeMount m : c.getVolumeMounts()) {
                Path local = volumes.get(m.getName());
                if (local != null) {
                    mounts.add(m.getMountPath() + "=" + local);
                }
            }
            resolved.put(VOLUME_MOUNTS_ENV, mounts.toString());
        }
        return new Launch(command.argv(), resolved);
    }

    /** The app's port: the sidecar configuration's endpoint port, else the endpoint container's first port. */
    private static Optional<Integer> endpointPort(Pod pod) {
        List<Container> all = new ArrayList<>(pod.getSpec().getContainers());
        if (pod.getSpec().getInitContainers() != null) {
            all.addAll(pod.getSpec().getInitContainers());
        }
        for (Container c : all) {
            Optional<Integer> port = sidecarConfig(c).flatMap(SidecarConfigPorts::endpointPort);
            if (port.isPresent()) {
                return port;
            }
        }
        return pod.getSpec().getContainers().stream()
                .filter(c -> !CommandResolver.isSidecar(c) && c.getPorts() != null && !c.getPorts().isEmpty())
                .findFirst().map(c -> c.getPorts().get(0).getContainerPort());
    }

    /** The container the sidecar calls: named in its configuration, else the first regular container. */
    private static String endpointContainer(List<Container> all, List<Container> mains) {
        for (Container c : all) {
            Optional<String> named = sidecarConfig(c).flatMap(SidecarConfigPorts::endpointContainer);
            if (named.isPresent()) {
                return named.get();
            }
        }
        return mains.stream().filter(c -> !CommandResolver.isSidecar(c)).findFirst().map(Container::getName).orElse("");
    }

    private static Optional<String> sidecarConfig(Container c) {
        if (c.getEnv() == null) {
            return Optional.empty();
        }
        return c.getEnv().stream().filter(e -> SidecarContract.CONFIG_ENV.equals(e.getName()) && e.getValue() != null)
                .map(e -> e.getValue()).findFirst();
    }

    private Map<String, Path> volumes(Pod pod, Path dir) {
        Map<String, Path> local = new LinkedHashMap<>();
        for (Volume v : pod.getSpec().getVolumes() == null ? List.<Volume>of() : pod.getSpec().getVolumes()) {
            Path path = dir.resolve("volumes").resolve(v.getName());
            createDirectories(path);
            if (v.getSecret() != null) {
                Optional<Secret> secret = objects.secret(pod.getMetadata().getNamespace(), v.getSecret().getSecretName());
                secret.ifPresentOrElse(s -> writeSecret(s, path),
                        () -> LOG.warn("pod {}: secret {} for volume {} not found; the directory stays empty",
                                pod.getMetadata().getName(), v.getSecret().getSecretName(), v.getName()));
            }
            local.put(v.getName(), path);
        }
        return local;
    }

    private static void writeSecret(Secret secret, Path dir) {
        if (secret.getData() == null) {
            return;
        }
        secret.getData().forEach((key, value) -> {
            try {
                Files.write(dir.resolve(key), Base64.getDecoder().decode(value));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    private static void createDirectories(Path dir) {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + dir, e);
        }
    }
}
