package io.asyncservice.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.api.model.rbac.Subject;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The chart's RBAC grants exactly the calls the operator makes: every call is covered, and nothing else is granted
 * (no wildcard, no extra verb, no extra resource). The tables below are the operator's calls, read from its code and
 * from the Java Operator SDK it runs on; when the operator starts or stops a call, change the table and the chart's
 * {@code async-service-operator.rules} together. {@code cluster.OperatorRbacIT} and {@code cluster.LeaderElectionIT}
 * run the operator under exactly these rules against a real API server, which refuses whatever they miss.
 */
class RbacTest {

    /** One API call the operator makes: a verb on a resource of an API group ("" is the core group). */
    record Call(String apiGroup, String resource, String verb, String why) {
        String key() {
            return (apiGroup.isEmpty() ? "core" : apiGroup) + "/" + resource + ":" + verb;
        }
    }

    /**
     * Calls in every namespace whose AsyncServices the operator reconciles, read from:
     * <ul>
     *   <li>JOSDK 5.2.3's controller ({@code ReconciliationDispatcher.CustomResourceFacade}): informer (list, watch),
     *       get, and {@code patchStatus} as a server-side apply or a JSON patch of /status. The reconciler has no
     *       Cleaner, so JOSDK adds no finalizer and never patches the AsyncService itself;</li>
     *   <li>its {@code CRUDKubernetesDependentResource} for the Deployment ({@code AsyncServiceDeployment},
     *       standalone): informer, create or SSA patch, update with SSA off; the reconciler never deletes, the
     *       garbage collector does;</li>
     *   <li>the operator's {@code ReferencedSecrets}: a {@code get} of each referenced Secret by name while reconciling;
 *       no Secret informer (no list, no watch);</li>
     *   <li>the operator's {@code EventRecorder}: get an Event by its stable name, edit (patch) its count, or create;</li>
     *   <li>the scaler ({@code operator/scaling/kubernetes}): a JSON merge patch of the Deployment's replicas and
     *       {@code get} of Secrets; before lowering replicas to one or more, a {@code list} of the service's Pods and a
     *       JSON merge patch of each one's deletion cost ({@code KubernetesServicePods}). It has no informer of its
     *       own (it uses the controller's), writes no status (the reconciler writes its part) and records Events
     *       through the {@code EventRecorder}.</li>
     * </ul>
     */
    static final List<Call> WATCHED_NAMESPACE_CALLS = List.of(
            new Call("asyncservice.io", "asyncservices", "get", "controller"),
            new Call("asyncservice.io", "asyncservices", "list", "controller informer"),
            new Call("asyncservice.io", "asyncservices", "watch", "controller informer"),
            new Call("asyncservice.io", "asyncservices/status", "patch", "controller patchStatus, the scaler's part included"),
            // No asyncservices/finalizers update: DeploymentRenderer's controller reference leaves blockOwnerDeletion
            // unset, so OwnerReferencesPermissionEnforcement asks for nothing.
            new Call("apps", "deployments", "get", "dependent resource reads"),
            new Call("apps", "deployments", "list", "dependent resource informer, which the scaler reads too"),
            new Call("apps", "deployments", "watch", "dependent resource informer, which the scaler reads too"),
            new Call("apps", "deployments", "create", "dependent resource create, SSA off"),
            new Call("apps", "deployments", "update", "dependent resource update, SSA off"),
            new Call("apps", "deployments", "patch", "dependent resource SSA; scaler replicas merge patch"),
            new Call("", "events", "get", "EventRecorder finds a repeated Event"),
            new Call("", "events", "create", "EventRecorder, the scaler's Events included"),
            new Call("", "events", "patch", "EventRecorder counts a repeated Event"),
            // Only get, by name: no Secret informer, so no list or watch, and the operator caches no Secret.
            new Call("", "secrets", "get", "ReferencedSecrets reads by name, for validation and the config hash; "
                    + "scaler broker credentials (KubernetesSecretReader)"),
            // Only before a scale-in to one or more replicas, one list per service: no Pod informer, no get or watch.
            new Call("", "pods", "list", "scaler scale-in: the service's Pods by the Deployment's selector, to read "
                    + "their sidecars' /load (KubernetesServicePods.list)"),
            new Call("", "pods", "patch", "scaler scale-in: JSON merge patch of the Pod's "
                    + "controller.kubernetes.io/pod-deletion-cost annotation (KubernetesServicePods.setDeletionCost)"));

    /**
     * Calls in the operator's own namespace only: JOSDK's LeaderElectionManager on a Lease, through fabric8 7.5's
     * LeaderElector, whose {@code ResourceLock.update} is a JSON merge patch, never a PUT. Checked for real by
     * {@code cluster.LeaderElectionIT}: without patch the leader creates the Lease, cannot renew it, and exits after
     * the renew deadline.
     */
    static final List<Call> OPERATOR_NAMESPACE_CALLS = List.of(
            new Call("coordination.k8s.io", "leases", "create", "first leader creates the Lease"),
            new Call("coordination.k8s.io", "leases", "get", "every replica reads the Lease"),
            new Call("coordination.k8s.io", "leases", "patch", "the leader renews; a candidate takes over"),
            new Call("coordination.k8s.io", "leases", "update",
                    "never called, but JOSDK's start-up SelfSubjectRulesReview check requires create, update, get"));

    @Test
    void clusterRoleGrantsExactlyTheCallsInWatchedNamespaces() {
        Chart.Rendered chart = Chart.render();

        ClusterRole role = chart.one(ClusterRole.class);
        assertThat(granted(role.getRules())).isEqualTo(keys(WATCHED_NAMESPACE_CALLS));
        assertThat(role.getRules()).allSatisfy(rule -> assertThat(rule.getResourceNames()).isNullOrEmpty());

        ClusterRoleBinding binding = chart.one(ClusterRoleBinding.class);
        assertThat(binding.getRoleRef().getKind()).isEqualTo("ClusterRole");
        assertThat(binding.getRoleRef().getName()).isEqualTo(role.getMetadata().getName());
        assertBindsOperator(binding.getSubjects(), chart);

        assertThat(chart.all(Role.class)).extracting(r -> r.getMetadata().getNamespace())
                .as("only the Lease Role is namespaced").containsExactly(Chart.NAMESPACE);
    }

    @Test
    void watchNamespacesGivesARoleInEachAndNothingClusterWide() {
        Chart.Rendered chart = Chart.render("--set", "watchNamespaces={team-a,team-b}");

        assertThat(chart.all(ClusterRole.class)).isEmpty();
        assertThat(chart.all(ClusterRoleBinding.class)).isEmpty();
        for (String namespace : List.of("team-a", "team-b")) {
            Role role = roleIn(chart, namespace);
            assertThat(granted(role.getRules())).as(namespace).isEqualTo(keys(WATCHED_NAMESPACE_CALLS));
            RoleBinding binding = chart.all(RoleBinding.class).stream()
                    .filter(b -> namespace.equals(b.getMetadata().getNamespace())).findFirst().orElseThrow();
            assertThat(binding.getRoleRef().getKind()).isEqualTo("Role");
            assertThat(binding.getRoleRef().getName()).isEqualTo(role.getMetadata().getName());
            assertBindsOperator(binding.getSubjects(), chart);
        }
        assertThat(env(chart, "ASVC_WATCH_NAMESPACES")).isEqualTo("team-a,team-b");
        assertThat(chart.all(Role.class)).extracting(r -> r.getMetadata().getNamespace())
                .containsExactlyInAnyOrder("team-a", "team-b", Chart.NAMESPACE);
    }

    @Test
    void leaseRoleIsInTheOperatorNamespaceAndNamesTheLease() {
        Chart.Rendered chart = Chart.render();
        Role role = roleIn(chart, Chart.NAMESPACE);

        assertThat(granted(role.getRules())).isEqualTo(keys(OPERATOR_NAMESPACE_CALLS));
        String lease = env(chart, "ASVC_LEASE_NAME");
        for (PolicyRule rule : role.getRules()) {
            if (rule.getVerbs().contains("create")) {
                // RBAC cannot limit create to a name: the name is not known when create is authorized.
                assertThat(rule.getVerbs()).containsExactly("create");
            } else {
                assertThat(rule.getResourceNames()).containsExactly(lease);
            }
        }
        RoleBinding binding = chart.all(RoleBinding.class).stream()
                .filter(b -> b.getRoleRef().getName().equals(role.getMetadata().getName())).findFirst().orElseThrow();
        assertBindsOperator(binding.getSubjects(), chart);
    }

    @Test
    void noLeaseRoleWithoutLeaderElection() {
        Chart.Rendered chart = Chart.render("--set", "leaderElection.enabled=false", "--set", "replicas=1");

        assertThat(chart.all(Role.class)).isEmpty();
        assertThat(env(chart, "ASVC_LEADER_ELECTION")).isEqualTo("false");
    }

    @Test
    void noRbacWhenTheUserManagesIt() {
        Chart.Rendered chart = Chart.render("--set", "rbac.create=false");

        assertThat(chart.all(ClusterRole.class)).isEmpty();
        assertThat(chart.all(Role.class)).isEmpty();
        assertThat(chart.all(ClusterRoleBinding.class)).isEmpty();
        assertThat(chart.all(RoleBinding.class)).isEmpty();
    }

    private static void assertBindsOperator(List<Subject> subjects, Chart.Rendered chart) {
        Deployment deployment = chart.one(Deployment.class);
        assertThat(subjects).singleElement().satisfies(s -> {
            assertThat(s.getKind()).isEqualTo("ServiceAccount");
            assertThat(s.getName()).isEqualTo(deployment.getSpec().getTemplate().getSpec().getServiceAccountName());
            assertThat(s.getNamespace()).isEqualTo(Chart.NAMESPACE);
        });
    }

    private static Role roleIn(Chart.Rendered chart, String namespace) {
        return chart.all(Role.class).stream().filter(r -> namespace.equals(r.getMetadata().getNamespace()))
                .findFirst().orElseThrow(() -> new AssertionError("no Role in " + namespace));
    }

    static String env(Chart.Rendered chart, String name) {
        return chart.one(Deployment.class).getSpec().getTemplate().getSpec().getContainers().get(0).getEnv().stream()
                .filter(e -> e.getName().equals(name)).map(EnvVar::getValue).findFirst()
                .orElseThrow(() -> new AssertionError("no " + name));
    }

    /** Every (group, resource, verb) the rules grant, expanded; a wildcard shows up as "*" and fails the equality. */
    private static Set<String> granted(List<PolicyRule> rules) {
        Set<String> keys = new TreeSet<>();
        for (PolicyRule rule : rules) {
            assertThat(rule.getNonResourceURLs()).isNullOrEmpty();
            for (String group : rule.getApiGroups()) {
                for (String resource : rule.getResources()) {
                    for (String verb : rule.getVerbs()) {
                        keys.add(new Call(group, resource, verb, "").key());
                    }
                }
            }
        }
        return keys;
    }

    private static Set<String> keys(List<Call> calls) {
        return calls.stream().map(Call::key).collect(Collectors.toCollection(TreeSet::new));
    }
}
