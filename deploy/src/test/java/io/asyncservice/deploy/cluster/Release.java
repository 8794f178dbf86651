package io.asyncservice.deploy.cluster;

import io.asyncservice.deploy.Chart;
import io.asyncservice.testing.helm.Helm;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.ArrayList;
import java.util.List;

/**
 * A release of the chart in {@code deploy/helm/async-service-operator}: its name and namespace, and the helm commands
 * on it. Each test uses a release name of its own, so the cluster-scoped objects (ClusterRole, ClusterRoleBinding) of
 * two tests never collide.
 *
 * @param name      the release name; the objects are named {@code <name>-async-service-operator}
 * @param namespace the release namespace, where the operator, its ServiceAccount and its Lease live
 */
record Release(String name, String namespace) {

    static final String CHART_NAME = "async-service-operator";

    /** The chart's {@code async-service-operator.fullname}: the name of the operator's objects. */
    String fullname() {
        return name.contains(CHART_NAME) ? name : name + "-" + CHART_NAME;
    }

    /** {@code helm template} for this release with {@code values} such as {@code --set a=b}, parsed; no cluster needed. */
    Chart.Rendered template(String... values) {
        List<String> args = new ArrayList<>(List.of("template", name, Chart.DIR.toString(), "--namespace", namespace));
        args.addAll(List.of(values));
        return new Chart.Rendered(Chart.parse(Helm.run(Chart.DEPLOY, args.toArray(String[]::new))));
    }

    /** {@code helm install --create-namespace} into the control plane; returns helm's output (the NOTES on stdout). */
    HelmCli.Output install(String... values) {
        return HelmCli.run(command("install", "--create-namespace", values));
    }

    /** {@code helm upgrade} with {@code values} replacing the previous ones (no --reuse-values). */
    HelmCli.Output upgrade(String... values) {
        return HelmCli.run(command("upgrade", null, values));
    }

    /** {@code helm uninstall}. */
    HelmCli.Output uninstall() {
        return HelmCli.run("uninstall", name, "--namespace", namespace);
    }

    /** The objects of the deployed revision, as helm recorded them ({@code helm get manifest}). */
    List<HasMetadata> manifest() {
        return Chart.parse(HelmCli.run("get", "manifest", name, "--namespace", namespace).stdout());
    }

    private String[] command(String verb, String flag, String... values) {
        List<String> args = new ArrayList<>(List.of(verb, name, Chart.DIR.toString(), "--namespace", namespace));
        if (flag != null) {
            args.add(flag);
        }
        args.addAll(List.of(values));
        return args.toArray(String[]::new);
    }
}
