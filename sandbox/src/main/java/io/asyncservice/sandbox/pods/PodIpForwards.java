package io.asyncservice.sandbox.pods;

import io.asyncservice.testing.TcpProxy;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One local pod as the rest of the cluster sees it, at its own pod IP ({@link PodIps}): for every TCP
 * {@code containerPort} the pod declares, a listener on {@code <podIP>:<containerPort>} that forwards each connection
 * to the container's real {@code 127.0.0.1:<host port>} from the pod's {@link PortPlan}, through a {@link TcpProxy}.
 * So {@code http://<status.podIP>:<containerPort>/...} answers as on a cluster, for the operator, for tests and for
 * anyone on this machine. The listeners open when the pod starts (as a pod gets its IP with its sandbox, before its
 * containers run) and close once its containers have stopped.
 *
 * <p>Sandbox-only deviations: while no process listens on the host port (before the container is up, between
 * restarts), a connection to the pod IP is accepted and then closed at once, where a cluster would refuse it; ports
 * that a probe or the sidecar configuration names but no {@code containerPort} declares are not on the pod IP (on a
 * cluster they would be); UDP and SCTP ports are not forwarded. A port that cannot be listened on, because a process
 * of this machine listens on it on every address ({@code 0.0.0.0}), is left out with a warning; the pod runs anyway.
 * Conversely, a container process that ignores its {@link PortPlan} and listens on its containerPort itself on every
 * address finds that port taken by its own forward; the plan's variables are how the pod's processes learn where to
 * listen.
 */
final class PodIpForwards implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(PodIpForwards.class);

    private final String ip;
    private final Map<Integer, TcpProxy> forwards;
    private final PortPlan ports;

    private PodIpForwards(String ip, Map<Integer, TcpProxy> forwards, PortPlan ports) {
        this.ip = ip;
        this.forwards = forwards;
        this.ports = ports;
    }

    /**
     * Listens on {@code ip} at each TCP containerPort of {@code containers}.
     *
     * @param pod        the pod's name, for messages
     * @param containers every container of the pod, init containers included
     */
    static PodIpForwards open(String pod, String ip, List<Container> containers, PortPlan ports) {
        Map<Integer, TcpProxy> forwards = new LinkedHashMap<>();
        for (int port : tcpContainerPorts(containers)) {
            int host = ports.host(port);
            try {
                forwards.put(port, TcpProxy.listen(new InetSocketAddress(ip, port), "127.0.0.1", host));
            } catch (IllegalStateException e) {
                LOG.warn("pod {}: containerPort {} is not reachable at its pod IP: {}", pod, port, e.getMessage());
            }
        }
        return new PodIpForwards(ip, forwards, ports);
    }

    /** The pod's TCP containerPorts, each once, in the order the containers declare them. */
    static List<Integer> tcpContainerPorts(List<Container> containers) {
        List<Integer> ports = new ArrayList<>();
        for (Container c : containers) {
            for (ContainerPort p : c.getPorts() == null ? List.<ContainerPort>of() : c.getPorts()) {
                boolean tcp = p.getProtocol() == null || p.getProtocol().isEmpty() || "TCP".equals(p.getProtocol());
                if (tcp && p.getContainerPort() != null && !ports.contains(p.getContainerPort())) {
                    ports.add(p.getContainerPort());
                }
            }
        }
        return ports;
    }

    String ip() {
        return ip;
    }

    /** The containerPorts listened on at the pod IP. */
    java.util.Set<Integer> forwardedPorts() {
        return forwards.keySet();
    }

    /** E.g. {@code 127.10.0.3:8000->41234,127.10.0.3:7979->41235}, for the log. */
    String describe() {
        StringJoiner joiner = new StringJoiner(",");
        forwards.keySet().forEach(port -> joiner.add(ip + ":" + port + "->127.0.0.1:" + ports.host(port)));
        return forwards.isEmpty() ? ip + " (no TCP containerPort)" : joiner.toString();
    }

    /** Stops listening and cuts the connections through the forwards. */
    @Override
    public void close() {
        forwards.values().forEach(TcpProxy::close);
    }
}
