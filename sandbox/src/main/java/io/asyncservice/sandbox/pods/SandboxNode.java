package io.asyncservice.sandbox.pods;

import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.NodeCondition;
import io.fabric8.kubernetes.api.model.NodeConditionBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.lang.management.ManagementFactory;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Node the process kubelet registers: {@value #NAME}, Ready, with this machine's CPUs and memory as its
 * capacity, 127.0.0.1 as its address, and the kubelet's HTTPS port (for {@code kubectl logs}) as its daemon
 * endpoint. {@link #heartbeat()} renews the Ready condition, as a kubelet does every 10 s; without it, the node
 * lifecycle controller would mark the node unreachable after its grace period and evict every pod.
 */
final class SandboxNode {

    static final String NAME = "sandbox-local";
    static final String ADDRESS = "127.0.0.1";
    private static final Logger LOG = LoggerFactory.getLogger(SandboxNode.class);

    private final KubernetesClient client;
    private final int kubeletPort;
    private final String kubernetesVersion;

    SandboxNode(KubernetesClient client, int kubeletPort, String kubernetesVersion) {
        this.client = client;
        this.kubeletPort = kubeletPort;
        this.kubernetesVersion = kubernetesVersion;
    }

    /** Creates the Node (the sandbox's cluster is new at each start). */
    void register() {
        Map<String, Quantity> capacity = Map.of(
                "cpu", new Quantity(String.valueOf(Runtime.getRuntime().availableProcessors())),
                "memory", new Quantity(String.valueOf(totalMemoryBytes())),
                "pods", new Quantity("110"));
        var node = new NodeBuilder()
                .withNewMetadata().withName(NAME).withLabels(Map.of(
                        "kubernetes.io/hostname", NAME,
                        "kubernetes.io/os", "linux",
                        "kubernetes.io/arch", arch())).endMetadata()
                .withNewStatus()
                .withCapacity(capacity).withAllocatable(capacity)
                .withConditions(ready())
                // No Hostname address: the API server prefers it for kubectl logs, and nothing resolves NAME.
                .addNewAddress().withType("InternalIP").withAddress(ADDRESS).endAddress()
                .withNewDaemonEndpoints().withNewKubeletEndpoint().withPort(kubeletPort).endKubeletEndpoint()
                .endDaemonEndpoints()
                .withNewNodeInfo()
                .withKubeletVersion(kubernetesVersion)
                .withKubeProxyVersion("")
                .withOperatingSystem("linux").withArchitecture(arch())
                .withOsImage(System.getProperty("os.name") + " " + System.getProperty("os.version"))
                .withKernelVersion(System.getProperty("os.version"))
                .withContainerRuntimeVersion("local-process://sandbox")
                .withMachineID("").withSystemUUID("").withBootID("")
                .endNodeInfo()
                .endStatus()
                .build();
        client.nodes().resource(node).create();
        // Whether a create keeps the status is the API server's node strategy's to decide; write it on the
        // subresource too, as a patch: the node lifecycle controller changes the Node at once (taints, annotations),
        // and a patch without a resourceVersion cannot conflict with that.
        patchStatus(Map.of("status", node.getStatus()));
        LOG.info("node {} registered: kubelet on https://{}:{}", NAME, ADDRESS, kubeletPort);
    }

    /** Renews the Ready condition's heartbeat (a strategic merge on the condition's type keeps its transition time). */
    void heartbeat() {
        NodeCondition beat = ready();
        beat.setLastTransitionTime(null);
        try {
            patchStatus(Map.of("status", Map.of("conditions", List.of(beat))));
        } catch (KubernetesClientException e) {
            LOG.warn("node {}: heartbeat failed: {}", NAME, e.getMessage());
        }
    }

    private void patchStatus(Object patch) {
        client.nodes().withName(NAME).subresource("status")
                .patch(PatchContext.of(PatchType.STRATEGIC_MERGE), Serialization.asJson(patch));
    }

    private static NodeCondition ready() {
        String now = Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
        return new NodeConditionBuilder().withType("Ready").withStatus("True").withReason("KubeletReady")
                .withMessage("the sandbox's process kubelet is posting ready status")
                .withLastHeartbeatTime(now).withLastTransitionTime(now).build();
    }

    private static String arch() {
        String arch = System.getProperty("os.arch");
        return switch (arch) {
            case "amd64", "x86_64" -> "amd64";
            case "aarch64" -> "arm64";
            default -> arch;
        };
    }

    private static long totalMemoryBytes() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            return os.getTotalMemorySize();
        }
        return 8L << 30;
    }
}
