package io.asyncservice.testing.k8s;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.asyncservice.testing.UniqueNames;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.DeletionPropagation;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.rbac.RoleBindingBuilder;
import io.fabric8.kubernetes.api.model.rbac.RoleBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The control plane is a real one: the controller-manager turns a Deployment into a ReplicaSet and Pods and garbage
 * collects them, RBAC applies to ServiceAccount tokens, namespaces are emptied and removed, and kubectl works.
 */
class KubeControlPlaneIT {

    private static final Duration CONTROLLERS = Duration.ofSeconds(60);

    private static KubeControlPlane plane;
    private static KubernetesClient admin;
    private static String namespace;

    @BeforeAll
    static void start() {
        plane = KubeControlPlane.start();
        admin = plane.adminClient();
        namespace = UniqueNames.of("kcp-it");
        admin.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(namespace).endMetadata().build())
                .create();
        // The ServiceAccount controller gives the namespace its "default" account; Pods need it to be admitted.
        await().atMost(CONTROLLERS).until(() ->
                admin.serviceAccounts().inNamespace(namespace).withName("default").get() != null);
    }

    @AfterAll
    static void stop() throws Exception {
        if (plane == null) {
            return;
        }
        int port = URI.create(plane.masterUrl()).getPort();
        plane.close();
        assertThat(plane.isRunning()).isFalse();
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 500);
            throw new AssertionError("the API server still answers on " + port + " after close()");
        } catch (IOException expected) {
            // closed
        }
    }

    @Test
    void aDeploymentGetsAReplicaSetAndPendingPodsWhichAreCollectedWithIt() {
        Deployment deployment = admin.apps().deployments().inNamespace(namespace).resource(new DeploymentBuilder()
                .withNewMetadata().withName("web").endMetadata()
                .withNewSpec()
                .withReplicas(2)
                .withNewSelector().withMatchLabels(Map.of("app", "web")).endSelector()
                .withNewTemplate()
                .withNewMetadata().withLabels(Map.of("app", "web")).endMetadata()
                .withNewSpec()
                .addNewContainer().withName("web").withImage("registry.k8s.io/pause:3.10").endContainer()
                .endSpec()
                .endTemplate()
                .endSpec()
                .build()).create();

        ReplicaSet replicaSet = await().atMost(CONTROLLERS).until(() -> {
            List<ReplicaSet> sets = admin.apps().replicaSets().inNamespace(namespace).list().getItems();
            return sets.size() == 1 ? sets.get(0) : null;
        }, rs -> rs != null);
        assertThat(replicaSet.getMetadata().getOwnerReferences()).extracting(OwnerReference::getUid)
                .containsExactly(deployment.getMetadata().getUid());

        List<Pod> pods = await().atMost(CONTROLLERS).until(
                () -> admin.pods().inNamespace(namespace).withLabel("app", "web").list().getItems(),
                list -> list.size() == 2);
        assertThat(pods).allSatisfy(pod -> {
            assertThat(pod.getMetadata().getOwnerReferences()).extracting(OwnerReference::getUid)
                    .containsExactly(replicaSet.getMetadata().getUid());
            // No scheduler, no kubelet: the Pods exist, admitted with a ServiceAccount token volume, and wait.
            assertThat(pod.getStatus().getPhase()).isEqualTo("Pending");
            assertThat(pod.getSpec().getServiceAccountName()).isEqualTo("default");
        });
        await().atMost(CONTROLLERS).untilAsserted(() -> assertThat(admin.apps().deployments().inNamespace(namespace)
                .withName("web").get().getStatus().getReplicas()).isEqualTo(2));

        admin.apps().deployments().inNamespace(namespace).withName("web")
                .withPropagationPolicy(DeletionPropagation.BACKGROUND).delete();

        await().atMost(CONTROLLERS).untilAsserted(() -> {
            assertThat(admin.apps().replicaSets().inNamespace(namespace).list().getItems()).isEmpty();
            assertThat(admin.pods().inNamespace(namespace).withLabel("app", "web").list().getItems()).isEmpty();
        });
    }

    @Test
    void aServiceAccountTokenIsRefusedUntilARoleBindingAllowsIt() {
        String token = plane.tokenFor(namespace, "reader");
        try (KubernetesClient reader = plane.clientAs(token)) {
            assertThatThrownBy(() -> reader.pods().inNamespace(namespace).list())
                    .isInstanceOfSatisfying(KubernetesClientException.class, e -> assertThat(e.getCode()).isEqualTo(403))
                    .hasMessageContaining("system:serviceaccount:" + namespace + ":reader");

            admin.rbac().roles().inNamespace(namespace).resource(new RoleBuilder()
                    .withNewMetadata().withName("pod-reader").endMetadata()
                    .addNewRule().withApiGroups("").withResources("pods").withVerbs("get", "list", "watch").endRule()
                    .build()).create();
            admin.rbac().roleBindings().inNamespace(namespace).resource(new RoleBindingBuilder()
                    .withNewMetadata().withName("reader-reads-pods").endMetadata()
                    .withNewRoleRef().withApiGroup("rbac.authorization.k8s.io").withKind("Role").withName("pod-reader")
                    .endRoleRef()
                    .addNewSubject().withKind("ServiceAccount").withName("reader").withNamespace(namespace).endSubject()
                    .build()).create();

            await().atMost(Duration.ofSeconds(10)).ignoreExceptions()
                    .until(() -> reader.pods().inNamespace(namespace).list().getItems() != null);
            // Only what the Role grants, only where it is bound.
            assertThatThrownBy(() -> reader.services().inNamespace(namespace).list())
                    .isInstanceOfSatisfying(KubernetesClientException.class, e -> assertThat(e.getCode()).isEqualTo(403));
            assertThatThrownBy(() -> reader.pods().inNamespace("kube-system").list())
                    .isInstanceOfSatisfying(KubernetesClientException.class, e -> assertThat(e.getCode()).isEqualTo(403));
        }
    }

    @Test
    void kubectlWorksWithTheKubeconfig() throws Exception {
        Process kubectl = new ProcessBuilder(plane.binDir().resolve("kubectl").toString(),
                "--kubeconfig", plane.kubeconfigPath().toString(), "get", "namespaces", "-o", "name")
                .redirectErrorStream(true).start();
        kubectl.getOutputStream().close();
        String output = new String(kubectl.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(kubectl.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(kubectl.exitValue()).as(output).isZero();
        assertThat(output.lines()).contains("namespace/default", "namespace/kube-system", "namespace/" + namespace);
    }

    @Test
    void aDeletedNamespaceIsEmptiedAndRemoved() {
        String doomed = UniqueNames.of("kcp-it-doomed");
        admin.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(doomed).endMetadata().build())
                .create();
        admin.configMaps().inNamespace(doomed).resource(new ConfigMapBuilder()
                .withNewMetadata().withName("settings").endMetadata().addToData("a", "b").build()).create();

        admin.namespaces().withName(doomed).delete();

        // The namespace controller deletes its content, then the namespace's finalizer.
        await().atMost(CONTROLLERS).until(() -> admin.namespaces().withName(doomed).get() == null);
        assertThat(admin.configMaps().inNamespace(doomed).withName("settings").get()).isNull();
    }
}
