package io.asyncservice.operator.scaling.scalein;

import io.asyncservice.api.sidecar.SidecarContract;
import io.asyncservice.operator.model.Names;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.Pod;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What the scale-in needs of one Pod of an AsyncService: its name, its IP, the sidecar's admin port as the Pod's spec
 * declares it (the sidecar container's port named {@link Names#SIDECAR_PORT_NAME}, in the containers or, for a native
 * sidecar, the init containers), and the deletion cost it carries now. Taken from the Pod object; no I/O.
 *
 * @param ip           the Pod's IP, or null before it has one
 * @param sidecarPort  the sidecar's containerPort, or null when the Pod declares none
 * @param deletionCost the value of {@link #DELETION_COST_ANNOTATION} now, or null when it has none
 */
public record ServicePod(String name, String ip, Integer sidecarPort, String deletionCost) {

    /** The ReplicaSet controller removes the Pods with the lowest value first (an int32; none counts as 0). */
    public static final String DELETION_COST_ANNOTATION = "controller.kubernetes.io/pod-deletion-cost";

    public static ServicePod from(Pod pod) {
        String ip = pod.getStatus() == null || blank(pod.getStatus().getPodIP()) ? null : pod.getStatus().getPodIP();
        String cost = pod.getMetadata().getAnnotations() == null ? null
                : pod.getMetadata().getAnnotations().get(DELETION_COST_ANNOTATION);
        return new ServicePod(pod.getMetadata().getName(), ip, sidecarPort(pod), cost);
    }

    /**
     * Whether the Pod still counts: not terminating and not finished. A terminating Pod is already on its way out
     * and a finished one holds no work, so neither takes part in choosing which Pods go.
     */
    public static boolean isLive(Pod pod) {
        if (pod.getMetadata().getDeletionTimestamp() != null) {
            return false;
        }
        String phase = pod.getStatus() == null ? null : pod.getStatus().getPhase();
        return !"Succeeded".equals(phase) && !"Failed".equals(phase);
    }

    /** {@code http://<ip>:<port>/load}, or empty when the Pod has no IP or declares no sidecar port. */
    public Optional<URI> loadUri() {
        if (ip == null || sidecarPort == null) {
            return Optional.empty();
        }
        String host = ip.contains(":") ? "[" + ip + "]" : ip;
        return Optional.of(URI.create("http://" + host + ":" + sidecarPort + SidecarContract.LOAD_PATH));
    }

    /** Why {@link #loadUri()} is empty, for the log; null when it is not. */
    public String whyNoLoadUri() {
        if (ip == null) {
            return "the pod has no IP yet";
        }
        if (sidecarPort == null) {
            return "the pod declares no port named " + Names.SIDECAR_PORT_NAME;
        }
        return null;
    }

    private static Integer sidecarPort(Pod pod) {
        if (pod.getSpec() == null) {
            return null;
        }
        List<Container> containers = new ArrayList<>();
        if (pod.getSpec().getContainers() != null) {
            containers.addAll(pod.getSpec().getContainers());
        }
        if (pod.getSpec().getInitContainers() != null) {
            containers.addAll(pod.getSpec().getInitContainers());
        }
        // The sidecar container's own port first; a port of that name on another container is the next best guess.
        Integer own = portNamed(containers.stream().filter(c -> Names.SIDECAR_CONTAINER.equals(c.getName())).toList());
        return own != null ? own : portNamed(containers);
    }

    private static Integer portNamed(List<Container> containers) {
        for (Container c : containers) {
            for (ContainerPort p : c.getPorts() == null ? List.<ContainerPort>of() : c.getPorts()) {
                if (Names.SIDECAR_PORT_NAME.equals(p.getName()) && p.getContainerPort() != null) {
                    return p.getContainerPort();
                }
            }
        }
        return null;
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }
}
