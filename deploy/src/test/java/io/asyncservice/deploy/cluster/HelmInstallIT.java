package io.asyncservice.deploy.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * {@code helm install}, {@code upgrade} and {@code uninstall} of the chart against a real API server, which validates
 * and defaults every object, and a controller-manager, which acts on them (ReplicaSets, Pods, the PDB's status, the
 * garbage collector). Pods stay Pending: no scheduler or kubelet runs, and the images need not exist. The release
 * namespace enforces the restricted Pod Security Standard, as the plain manifests' Namespace does, so the operator's
 * Pods exist only if they meet it. The three steps run in order on one release.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class HelmInstallIT {

    /** Controllers answer within a second; the bound is for a loaded machine. */
    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    private static final String WATCH = "ASVC_WATCH_NAMESPACES";

    private static KubernetesClient admin;
    private static Release release;
    private static String teamA;
    private static String teamB;
    private static List<HasMetadata> firstRevision;
    private static List<HasMetadata> secondRevision;

    @BeforeAll
    static void aClusterWithoutTheCrd() {
        admin = Cluster.admin();
        // The CRD is cluster-scoped and other ITs of this JVM may have put it in; this test must see helm create it.
        if (AsyncServiceCrd.get(admin) != null) {
            AsyncServiceCrd.delete(admin);
        }
        release = new Release("asvc-helm", Cluster.uniqueName("helm-release"));
        admin.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(release.namespace())
                .addToLabels("pod-security.kubernetes.io/enforce", "restricted").endMetadata().build()).create();
        teamA = Cluster.createNamespace("helm-team-a");
        teamB = Cluster.createNamespace("helm-team-b");
    }

    @Test
    @Order(1)
    void installCreatesTheCrdAndEverythingTheChartRenders() {
        HelmCli.Output output = release.install();

        assertThat(output.stdout()).contains("STATUS: deployed", "REVISION: 1", "watches all namespaces");
        assertThat(output.stderr()).as("warnings of helm and the API server").isEmpty();
        AsyncServiceCrd.awaitEstablished(admin);
        firstRevision = release.manifest();
        assertThat(firstRevision).extracting(HasMetadata::getKind).containsExactlyInAnyOrder("ServiceAccount",
                "ClusterRole", "ClusterRoleBinding", "Role", "RoleBinding", "Service", "PodDisruptionBudget",
                "Deployment");
        assertAllExistAndBelongToTheRelease(firstRevision);

        Deployment deployment = deployment();
        assertThat(deployment.getSpec().getReplicas()).isEqualTo(2);
        ReplicaSet replicaSet = awaitReplicaSetWith(deployment, "");
        assertThat(replicaSet.getSpec().getReplicas()).isEqualTo(2);
        List<Pod> pods = awaitPods(replicaSet, 2);
        assertThat(pods).allSatisfy(pod -> {
            assertThat(pod.getStatus().getPhase()).isEqualTo("Pending");
            assertThat(pod.getSpec().getServiceAccountName()).isEqualTo(release.fullname());
            assertThat(pod.getSpec().getContainers().get(0).getImage()).isEqualTo("ghcr.io/asyncservice/operator:0.1.0");
        });

        Service service = admin.services().inNamespace(release.namespace()).withName(release.fullname() + "-metrics")
                .get();
        assertThat(service.getSpec().getClusterIP()).as("allocated by the API server").isNotBlank();
        assertThat(pods).allSatisfy(pod -> assertThat(pod.getMetadata().getLabels())
                .containsAllEntriesOf(service.getSpec().getSelector()));
        Pod helmTest = release.template().one(Pod.class);
        assertThat(admin.pods().inNamespace(release.namespace()).resource(helmTest).dryRun().create())
                .as("the helm test Pod, admitted (server-side dry run) in the restricted namespace").isNotNull();
        PodDisruptionBudget pdb = await("the disruption controller counts the PDB's Pods").atMost(TIMEOUT)
                .pollInterval(Duration.ofMillis(200))
                .until(() -> admin.policy().v1().podDisruptionBudget().inNamespace(release.namespace())
                        .withName(release.fullname()).get(),
                        p -> p.getStatus() != null && Integer.valueOf(2).equals(p.getStatus().getExpectedPods()));
        assertThat(pdb.getSpec().getUnhealthyPodEvictionPolicy())
                .as("rendered for the cluster's real version (1.27+), not helm template's default")
                .isEqualTo("AlwaysAllow");
    }

    @Test
    @Order(2)
    void upgradeToWatchedNamespacesSwapsTheClusterRoleForRolesRollsTheOperatorAndAddsTheNetworkPolicy() {
        HelmCli.Output output = release.upgrade("--set", "watchNamespaces={" + teamA + "," + teamB + "}",
                "--set", "replicas=3", "--set", "resources.limits.memory=768Mi",
                "--set", "networkPolicy.enabled=true",
                "--set-json", "networkPolicy.metricsFrom=[{\"namespaceSelector\":{\"matchLabels\":"
                        + "{\"kubernetes.io/metadata.name\":\"monitoring\"}}},{\"ipBlock\":{\"cidr\":\"10.0.0.0/8\"}}]");

        assertThat(output.stdout()).contains("STATUS: deployed", "REVISION: 2",
                "watches the namespaces " + teamA + ", " + teamB, "The NetworkPolicy " + release.fullname()
                        + " lets only networkPolicy.metricsFrom and the helm test reach the operator pods");
        assertThat(output.stderr()).as("warnings of helm and the API server").isEmpty();
        secondRevision = release.manifest();
        assertAllExistAndBelongToTheRelease(secondRevision);
        assertThat(admin.rbac().clusterRoles().withName(release.fullname()).get()).as("the ClusterRole").isNull();
        assertThat(admin.rbac().clusterRoleBindings().withName(release.fullname()).get()).as("the ClusterRoleBinding")
                .isNull();
        ClusterRole clusterRole = (ClusterRole) firstRevision.stream()
                .filter(o -> o instanceof ClusterRole).findFirst().orElseThrow();
        for (String namespace : List.of(teamA, teamB)) {
            Role role = admin.rbac().roles().inNamespace(namespace).withName(release.fullname()).get();
            assertThat(role).as("the Role in " + namespace).isNotNull();
            assertThat(role.getRules()).as("the rules in " + namespace).isEqualTo(clusterRole.getRules());
            RoleBinding binding = admin.rbac().roleBindings().inNamespace(namespace).withName(release.fullname()).get();
            assertThat(binding.getSubjects()).singleElement().satisfies(s -> {
                assertThat(s.getName()).isEqualTo(release.fullname());
                assertThat(s.getNamespace()).isEqualTo(release.namespace());
            });
        }
        assertThat(admin.rbac().roles().inNamespace(release.namespace()).withName(release.fullname() + "-leader-election")
                .get()).as("the Lease Role stays").isNotNull();
        // Admitted and stored as rendered; this control plane has no network plugin, so nothing enforces it.
        NetworkPolicy policy = admin.network().v1().networkPolicies().inNamespace(release.namespace())
                .withName(release.fullname()).get();
        NetworkPolicy rendered = (NetworkPolicy) secondRevision.stream().filter(o -> o instanceof NetworkPolicy)
                .findFirst().orElseThrow();
        assertThat(policy.getSpec()).isEqualTo(rendered.getSpec());
        assertThat(policy.getSpec().getIngress()).singleElement()
                .satisfies(rule -> assertThat(rule.getFrom()).hasSize(3));
        assertThat(admin.network().v1().networkPolicies().inNamespace(teamA).list().getItems())
                .as("the AsyncServices' namespaces get none").isEmpty();

        Deployment deployment = deployment();
        assertThat(deployment.getSpec().getReplicas()).isEqualTo(3);
        assertThat(watched(deployment.getSpec().getTemplate().getSpec().getContainers().get(0).getEnv()))
                .isEqualTo(teamA + "," + teamB);
        assertThat(deployment.getSpec().getTemplate().getSpec().getContainers().get(0).getResources().getLimits())
                .containsEntry("memory", new Quantity("768Mi"));
        ReplicaSet rolled = awaitReplicaSetWith(deployment, teamA + "," + teamB);
        assertThat(rolled.getSpec().getTemplate().getSpec().getContainers().get(0).getResources().getLimits())
                .containsEntry("memory", new Quantity("768Mi"));
    }

    @Test
    @Order(3)
    void uninstallRemovesTheReleaseButKeepsTheCrd() {
        HelmCli.Output output = release.uninstall();

        assertThat(output.stdout()).contains("release \"" + release.name() + "\" uninstalled");
        await("the objects of the release deleted").atMost(TIMEOUT).pollInterval(Duration.ofMillis(200))
                .untilAsserted(() -> assertThat(secondRevision).allSatisfy(
                        o -> assertThat(admin.resource(o).get()).as(describe(o)).isNull()));
        await("the garbage collector deletes the ReplicaSets and Pods").atMost(TIMEOUT)
                .pollInterval(Duration.ofMillis(200)).untilAsserted(() -> {
                    assertThat(admin.apps().replicaSets().inNamespace(release.namespace()).list().getItems()).isEmpty();
                    assertThat(admin.pods().inNamespace(release.namespace()).list().getItems()).isEmpty();
                });
        assertThat(HelmCli.run("list", "--namespace", release.namespace(), "--all", "--short").stdout()).isBlank();
        assertThat(AsyncServiceCrd.isEstablished(AsyncServiceCrd.get(admin)))
                .as("helm leaves the CRDs of crds/ on uninstall").isTrue();
    }

    /** Every object helm recorded is in the cluster, with helm's release annotations and label. */
    private static void assertAllExistAndBelongToTheRelease(List<HasMetadata> objects) {
        assertThat(objects).allSatisfy(o -> {
            HasMetadata live = admin.resource(o).get();
            assertThat(live).as(describe(o)).isNotNull();
            assertThat(live.getMetadata().getAnnotations()).as(describe(o))
                    .containsEntry("meta.helm.sh/release-name", release.name())
                    .containsEntry("meta.helm.sh/release-namespace", release.namespace());
            assertThat(live.getMetadata().getLabels()).as(describe(o))
                    .containsEntry("app.kubernetes.io/managed-by", "Helm");
        });
    }

    private static Deployment deployment() {
        return admin.apps().deployments().inNamespace(release.namespace()).withName(release.fullname()).get();
    }

    /** The Deployment's ReplicaSet whose Pod template watches {@code watched} ("" = all namespaces). */
    private static ReplicaSet awaitReplicaSetWith(Deployment deployment, String watched) {
        String uid = deployment.getMetadata().getUid();
        return await("a ReplicaSet of the Deployment watching '" + watched + "'").atMost(TIMEOUT)
                .pollInterval(Duration.ofMillis(200))
                .until(() -> admin.apps().replicaSets().inNamespace(release.namespace()).list().getItems().stream()
                        .filter(rs -> rs.getMetadata().getOwnerReferences().stream()
                                .anyMatch(o -> uid.equals(o.getUid()) && Boolean.TRUE.equals(o.getController())))
                        .filter(rs -> watched.equals(watched(rs.getSpec().getTemplate().getSpec().getContainers()
                                .get(0).getEnv())))
                        .findFirst().orElse(null), rs -> rs != null);
    }

    /** The Pods the ReplicaSet created, once there are {@code count}. */
    private static List<Pod> awaitPods(ReplicaSet replicaSet, int count) {
        String uid = replicaSet.getMetadata().getUid();
        return await("the ReplicaSet's Pods").atMost(TIMEOUT).pollInterval(Duration.ofMillis(200))
                .until(() -> admin.pods().inNamespace(release.namespace()).list().getItems().stream()
                        .filter(p -> p.getMetadata().getOwnerReferences().stream().anyMatch(o -> uid.equals(o.getUid())))
                        .toList(), pods -> pods.size() == count);
    }

    /** ASVC_WATCH_NAMESPACES; the API server stores an empty value as no value. */
    private static String watched(List<EnvVar> env) {
        return env.stream().filter(e -> WATCH.equals(e.getName())).findFirst()
                .map(e -> e.getValue() == null ? "" : e.getValue()).orElseThrow();
    }

    private static String describe(HasMetadata o) {
        String namespace = o.getMetadata().getNamespace();
        return o.getKind() + " " + (namespace == null ? "" : namespace + "/") + o.getMetadata().getName();
    }
}
