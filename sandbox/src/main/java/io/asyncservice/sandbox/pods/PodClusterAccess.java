package io.asyncservice.sandbox.pods;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.authentication.TokenRequest;
import io.fabric8.kubernetes.api.model.authentication.TokenRequestBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.BiFunction;

/**
 * What the kubelet gives every container beyond its spec, where a real node would mount files and route packets:
 * <ul>
 *   <li>{@code KUBECONFIG}: unless the pod (or its ServiceAccount) turns {@code automountServiceAccountToken} off, a
 *       kubeconfig with a token of the pod's ServiceAccount, bound to the pod (the TokenRequest API, as the kubelet's
 *       projected volume does), so the process acts with exactly that account's RBAC. A local process cannot see
 *       {@code /var/run/secrets/kubernetes.io/serviceaccount}, and a kubeconfig is what clients read first.</li>
 *   <li>{@code http_proxy}: the {@link ServiceProxy}, through which {@code http://<service>.<namespace>.svc:<port>}
 *       reaches a ready pod of that Service; {@code no_proxy} keeps 127.0.0.1 and the pod IPs direct (127.0.0.0/8,
 *       for the clients that read a CIDR there; for the others the proxy passes loopback addresses on as they are).
 *       JVMs ignore both variables.</li>
 * </ul>
 */
final class PodClusterAccess {

    static final String KUBECONFIG = "KUBECONFIG";
    /** The kubelet renews its projected tokens; the sandbox issues one per container start, long enough for a session. */
    private static final long TOKEN_SECONDS = Duration.ofHours(24).toSeconds();

    private final KubernetesClient client;
    private final BiFunction<Path, String, Path> kubeconfigWriter;
    private final int proxyPort;

    /**
     * @param kubeconfigWriter writes a kubeconfig for the cluster that authenticates with the given token
     * @param proxyPort        the {@link ServiceProxy}'s port
     */
    PodClusterAccess(KubernetesClient client, BiFunction<Path, String, Path> kubeconfigWriter, int proxyPort) {
        this.client = client;
        this.kubeconfigWriter = kubeconfigWriter;
        this.proxyPort = proxyPort;
    }

    Map<String, String> env(Pod pod, Path podDir) throws ContainerConfigException {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("http_proxy", "http://127.0.0.1:" + proxyPort);
        env.put("no_proxy", "localhost,127.0.0.1,127.0.0.0/8");
        if (mountsToken(pod)) {
            String token = token(pod);
            env.put(KUBECONFIG, kubeconfigWriter.apply(podDir.resolve("serviceaccount.kubeconfig"), token).toString());
        }
        return env;
    }

    private boolean mountsToken(Pod pod) {
        Boolean own = pod.getSpec().getAutomountServiceAccountToken();
        if (own != null) {
            return own;
        }
        ServiceAccount account = client.serviceAccounts().inNamespace(pod.getMetadata().getNamespace())
                .withName(serviceAccount(pod)).get();
        return account == null || !Boolean.FALSE.equals(account.getAutomountServiceAccountToken());
    }

    private String token(Pod pod) throws ContainerConfigException {
        TokenRequest request = new TokenRequestBuilder().withNewSpec()
                .withExpirationSeconds(TOKEN_SECONDS)
                .withNewBoundObjectRef().withApiVersion("v1").withKind("Pod")
                .withName(pod.getMetadata().getName()).withUid(pod.getMetadata().getUid()).endBoundObjectRef()
                .endSpec().build();
        try {
            return client.serviceAccounts().inNamespace(pod.getMetadata().getNamespace()).withName(serviceAccount(pod))
                    .tokenRequest(request).getStatus().getToken();
        } catch (KubernetesClientException e) {
            throw new ContainerConfigException("CreateContainerConfigError", "no token for ServiceAccount "
                    + serviceAccount(pod) + ": " + e.getMessage());
        }
    }

    private static String serviceAccount(Pod pod) {
        String name = pod.getSpec().getServiceAccountName();
        return name == null || name.isEmpty() ? "default" : name;
    }
}
