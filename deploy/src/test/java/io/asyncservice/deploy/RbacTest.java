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
 * {@code async-service-operator.rules} together.
 */
class RbacTest {

    /** One API call the operator makes: a verb on a resource of an API group ("" is the core group). */
    record Call(String apiGroup, String resource, String verb, String why) {
        String key() {
            return (apiGroup.isEmpty() ? "core" : apiGroup) + "/" + resource + ":" + verb;
        }
    }

    /** Calls in every namespace whose AsyncServices the operator reconciles. */
    static final List<Call> WATCHED_NAMESPACE_CALLS = List.of(
            // JOSDK's controller for AsyncService: an informer (list, watch), and reads of the latest version.
            new Call("asyncservice.io", "asyncservices", "get", "JOSDK re-reads the primary resource"),
            new Call("asyncservice.io", "asyncservices", "list", "JOSDK controller informer"),
            new Call("asyncservice.io", "asyncservices", "watch", "JOSDK controller informer"),
            // JOSDK adds and removes its finalizer on the resource itself: a patch (SSA or JSON) or an update.
            new Call("asyncservice.io", "asyncservices", "update", "JOSDK finalizer, non-SSA mode"),
            new Call("asyncservice.io", "asyncservices", "patch", "JOSDK finalizer, SSA and JSON patch"),
            // The status: JOSDK's patchStatus (SSA or merge patch), and the scaler's status writes.
            new Call("asyncservice.io", "asyncservices/status", "get", "status reads before a patch"),
            new Call("asyncservice.io", "asyncservices/status", "update", "status replace with optimistic locking"),
            new Call("asyncservice.io", "asyncservices/status", "patch", "patchStatus; scaler status"),
            // The rendered Deployment has an owner reference with blockOwnerDeletion=true: the
            // OwnerReferencesPermissionEnforcement admission plugin asks for update on the owner's finalizers.
            new Call("asyncservice.io", "asyncservices/finalizers", "update", "blockOwnerDeletion owner references"),
            // The Deployment each AsyncService owns: a JOSDK CRUD dependent resource and its informer.
            new Call("apps", "deployments", "get", "dependent resource reads"),
            new Call("apps", "deployments", "list", "dependent resource informer"),
            new Call("apps", "deployments", "watch", "dependent resource informer"),
            new Call("apps", "deployments", "create", "dependent resource create"),
            new Call("apps", "deployments", "update", "dependent resource update, non-SSA mode"),
            new Call("apps", "deployments", "patch", "dependent resource server-side apply"),
            new Call("apps", "deployments", "delete", "dependent resource delete when a workflow condition drops it"),
            // The scaler alone owns replicas, through the scale subresource.
            new Call("apps", "deployments/scale", "get", "scaler reads current replicas"),
            new Call("apps", "deployments/scale", "update", "scaler writes replicas"),
            new Call("apps", "deployments/scale", "patch", "scaler writes replicas"),
            // Pods are read only (issue 6: ready replicas and pod problems for the status).
            new Call("", "pods", "get", "status: pod problems"),
            new Call("", "pods", "list", "status: pod problems"),
            new Call("", "pods", "watch", "status: pod problems"),
            // Events: "Scaled from 0 to 3 ...", validation failures; fabric8 patches a repeated Event's count.
            new Call("", "events", "create", "scaler and validation Events"),
            new Call("", "events", "patch", "repeated Events"),
            // Secrets the AsyncServices reference: the scaler reads broker credentials (get); the operator hashes
            // their data into the pod template and watches them so that a rotation rolls the pods (list, watch).
            new Call("", "secrets", "get", "scaler broker credentials"),
            new Call("", "secrets", "list", "operator Secret informer, for the config hash"),
            new Call("", "secrets", "watch", "operator Secret informer, for the config hash"));

    /** Calls in the operator's own namespace only: JOSDK's LeaderElectionManager on a Lease. */
    static final List<Call> OPERATOR_NAMESPACE_CALLS = List.of(
            new Call("coordination.k8s.io", "leases", "create", "first leader creates the Lease"),
            new Call("coordination.k8s.io", "leases", "get", "every replica reads the Lease"),
            new Call("coordination.k8s.io", "leases", "update", "the leader renews; a candidate takes over"));

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
