package io.asyncservice.sandbox.pods;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.IntOrString;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;
import java.util.TreeSet;
import java.util.function.IntSupplier;

/**
 * One local pod's ports. In Kubernetes the containers of a pod share a network namespace, so the sidecar reaches
 * the app on 127.0.0.1:8000; every pod has its own. Locally all pods share the host's loopback, so two replicas
 * would both want port 8000. <b>Sandbox-only deviation:</b> each local pod gets its own free host port for every
 * port number the pod uses (its containers' {@code containerPort}s, the ports its probes and hooks name, and the
 * sidecar's own and endpoint ports), and every place that names a port is rewritten through this plan: the app's
 * {@code PORT} variable, the sidecar's {@code ASVC_CONFIG} {@code port} and {@code endpoint.port}, probes and the
 * preStop hook. Within a pod, the containers still find each other on 127.0.0.1, as in Kubernetes.
 *
 * <p>From outside the pod, the ports are where Kubernetes has them: each pod also has its own pod IP, a loopback
 * address of its own ({@link PodIps}, 127.10.0.1 upwards), reported as {@code status.podIP}, and every TCP
 * {@code containerPort} answers on {@code <podIP>:<containerPort>}, forwarded to its host port on 127.0.0.1
 * ({@link PodIpForwards}). So the plan changes nothing that a client outside the pod sees, only what the pod's own
 * processes are told to listen on.
 */
final class PortPlan {

    private final Map<Integer, Integer> ports;
    private final Map<String, Integer> named;

    private PortPlan(Map<Integer, Integer> ports, Map<String, Integer> named) {
        this.ports = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(ports));
        this.named = Map.copyOf(named);
    }

    /**
     * @param containers every container of the pod
     * @param extraPorts further port numbers the pod uses, e.g. the sidecar's endpoint port
     * @param freePorts  hands out free host ports
     */
    static PortPlan allocate(List<Container> containers, Collection<Integer> extraPorts, IntSupplier freePorts) {
        TreeSet<Integer> used = new TreeSet<>(extraPorts);
        Map<String, Integer> namedPorts = new LinkedHashMap<>();
        for (Container c : containers) {
            for (ContainerPort p : c.getPorts() == null ? List.<ContainerPort>of() : c.getPorts()) {
                used.add(p.getContainerPort());
                if (p.getName() != null) {
                    namedPorts.put(p.getName(), p.getContainerPort());
                }
            }
            ProbePorts.numbers(c).forEach(used::add);
        }
        Map<Integer, Integer> mapped = new LinkedHashMap<>();
        for (int port : used) {
            mapped.put(port, freePorts.getAsInt());
        }
        return new PortPlan(mapped, namedPorts);
    }

    /** The host port for a pod port; a port the plan does not know is its own host port. */
    int host(int podPort) {
        return ports.getOrDefault(podPort, podPort);
    }

    /** The host port for a probe's or hook's port, which may be a number or a container port's name. */
    int host(IntOrString port) {
        if (port == null) {
            throw new IllegalArgumentException("a probe or hook without a port");
        }
        if (port.getIntVal() != null) {
            return host(port.getIntVal());
        }
        Integer number = named.get(port.getStrVal());
        if (number == null) {
            try {
                return host(Integer.parseInt(port.getStrVal()));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("no container port is named " + port.getStrVal(), e);
            }
        }
        return host(number);
    }

    Map<Integer, Integer> asMap() {
        return ports;
    }

    /** E.g. {@code 7979->41235,8000->41234}, for the pod's annotation. */
    String describe() {
        StringJoiner joiner = new StringJoiner(",");
        ports.forEach((pod, host) -> joiner.add(pod + "->" + host));
        return joiner.toString();
    }
}
