package io.asyncservice.deploy.cluster;

import io.asyncservice.testing.k8s.KubeControlPlane;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The real control plane the ITs of this package share, one per JVM ({@link KubeControlPlane#shared()}), and the
 * namespaces they work in. Each test takes namespaces of its own, numbered, so tests never see each other's objects;
 * cluster-scoped objects (ClusterRoles, the CRD) get names of their own too, or are shared on purpose (the CRD).
 */
final class Cluster {

    private static final AtomicInteger NAMESPACES = new AtomicInteger();

    private Cluster() {
    }

    static KubeControlPlane plane() {
        return KubeControlPlane.shared();
    }

    /** The control plane's admin (system:masters); not to be closed. */
    static KubernetesClient admin() {
        return plane().adminClient();
    }

    /** A namespace name no other test of this JVM uses: {@code prefix-N}. Not created: helm may create it. */
    static String uniqueName(String prefix) {
        return prefix + "-" + NAMESPACES.incrementAndGet();
    }

    /** Creates a namespace of the test's own, named {@code prefix-N}, and returns its name. */
    static String createNamespace(String prefix) {
        String name = uniqueName(prefix);
        admin().namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(name).endMetadata().build())
                .create();
        return name;
    }
}
