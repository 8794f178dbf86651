package io.asyncservice.deploy.cluster;

import io.asyncservice.deploy.Chart;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.List;
import java.util.Set;

/**
 * The identity and permissions the chart gives the operator: its ServiceAccount, (Cluster)Roles and bindings, taken
 * from {@code helm template} and created as they are by the admin, without the operator's Deployment (the tests run
 * the operator themselves, with a token of that ServiceAccount).
 */
final class ChartRbac {

    static final Set<String> KINDS = Set.of("ServiceAccount", "ClusterRole", "ClusterRoleBinding", "Role", "RoleBinding");

    private ChartRbac() {
    }

    /** The rendered ServiceAccount, (Cluster)Roles and bindings, in the order helm printed them. */
    static List<HasMetadata> of(Chart.Rendered chart) {
        return chart.objects().stream().filter(o -> KINDS.contains(o.getKind())).toList();
    }

    /** Creates them (the namespaces they name must exist); returns what was created. */
    static List<HasMetadata> apply(KubernetesClient admin, Chart.Rendered chart) {
        List<HasMetadata> objects = of(chart);
        objects.forEach(o -> admin.resource(o).create());
        return objects;
    }

    /** Deletes the cluster-scoped ones, which outlive the test's namespaces. */
    static void deleteClusterScoped(KubernetesClient admin, List<HasMetadata> objects) {
        objects.stream().filter(o -> o.getKind().startsWith("Cluster")).forEach(o -> admin.resource(o).delete());
    }

    /** The name of the ServiceAccount the rendered Deployment runs as. */
    static String serviceAccountName(Chart.Rendered chart) {
        String name = chart.one(Deployment.class).getSpec().getTemplate().getSpec().getServiceAccountName();
        if (chart.all(ServiceAccount.class).stream().noneMatch(sa -> sa.getMetadata().getName().equals(name))) {
            throw new AssertionError("the chart renders no ServiceAccount " + name);
        }
        return name;
    }
}
