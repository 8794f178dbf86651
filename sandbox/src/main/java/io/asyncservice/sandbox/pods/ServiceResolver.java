package io.asyncservice.sandbox.pods;

import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * Cluster DNS and kube-proxy in one lookup: {@code <service>.<namespace>.svc[.cluster.local]:<port>} becomes the
 * host port of a ready local pod that the Service selects, with the Service port's targetPort (a number or a
 * container port's name) mapped through that pod's {@link PortPlan}. Ready pods take turns. It reads the Service's
 * selector and the local pods, not EndpointSlices: the API server refuses loopback addresses in an EndpointSlice, so
 * kube-controller-manager cannot record the sandbox's pod IPs there. Nor does it go to the pod IP: a targetPort may
 * be a port the pod uses without declaring it as a containerPort, which only the host port reaches.
 *
 * <p>A loopback address ({@code 127.x.x.x}, pod IPs among them, see {@link PodIps}) is its own address, so a client
 * that sends a request for {@code http://<podIP>:<containerPort>/...} through the proxy, not honouring
 * {@code no_proxy}, reaches the pod as on a cluster.
 */
final class ServiceResolver implements ServiceAddresses {

    private static final java.util.regex.Pattern LOOPBACK_LITERAL =
            java.util.regex.Pattern.compile("127(\\.(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])){3}");

    private final KubernetesClient client;
    private final Supplier<? extends java.util.Collection<LocalPod>> pods;
    private final AtomicInteger turn = new AtomicInteger();

    ServiceResolver(KubernetesClient client, Supplier<? extends java.util.Collection<LocalPod>> pods) {
        this.client = client;
        this.pods = pods;
    }

    @Override
    public Optional<InetSocketAddress> resolve(String host, int port) {
        if (LOOPBACK_LITERAL.matcher(host).matches()) {
            return Optional.of(new InetSocketAddress(host, port));
        }
        String[] labels = host.toLowerCase(Locale.ROOT).split("\\.");
        boolean clusterName = labels.length == 3 && labels[2].equals("svc")
                || labels.length == 5 && labels[2].equals("svc") && labels[3].equals("cluster") && labels[4].equals("local");
        if (!clusterName) {
            return Optional.empty();
        }
        Service service = client.services().inNamespace(labels[1]).withName(labels[0]).get();
        if (service == null || service.getSpec().getSelector() == null || service.getSpec().getPorts() == null) {
            return Optional.empty();
        }
        Optional<ServicePort> servicePort = service.getSpec().getPorts().stream()
                .filter(p -> p.getPort() != null && p.getPort() == port).findFirst();
        if (servicePort.isEmpty()) {
            return Optional.empty();
        }
        IntOrString target = servicePort.get().getTargetPort() == null ? new IntOrString(port)
                : servicePort.get().getTargetPort();
        List<LocalPod> ready = pods.get().stream()
                .filter(p -> p.namespace().equals(labels[1]) && p.ready()
                        && selects(service.getSpec().getSelector(), p.labels()))
                .toList();
        if (ready.isEmpty()) {
            return Optional.empty();
        }
        LocalPod pod = ready.get(Math.floorMod(turn.getAndIncrement(), ready.size()));
        try {
            return Optional.of(new InetSocketAddress("127.0.0.1", pod.ports().host(target)));
        } catch (IllegalArgumentException e) {
            return Optional.empty(); // a targetPort name no container of that pod declares
        }
    }

    private static boolean selects(Map<String, String> selector, Map<String, String> labels) {
        return !selector.isEmpty() && selector.entrySet().stream()
                .allMatch(e -> e.getValue().equals(labels.get(e.getKey())));
    }
}
