package io.asyncservice.deploy.cluster;

import io.asyncservice.deploy.Chart;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.util.LinkedHashMap;
import java.util.Map;

/** The environment of the operator container the chart renders, resolved as the kubelet would resolve it. */
final class ChartEnv {

    private ChartEnv() {
    }

    /** Name to value; {@code fieldRef: metadata.namespace} becomes {@code namespace}, the release namespace. */
    static Map<String, String> of(Chart.Rendered chart, String namespace) {
        Deployment deployment = chart.one(Deployment.class);
        Map<String, String> env = new LinkedHashMap<>();
        for (EnvVar var : deployment.getSpec().getTemplate().getSpec().getContainers().get(0).getEnv()) {
            if (var.getValue() != null) {
                env.put(var.getName(), var.getValue());
            } else if (var.getValueFrom() != null && var.getValueFrom().getFieldRef() != null
                    && "metadata.namespace".equals(var.getValueFrom().getFieldRef().getFieldPath())) {
                env.put(var.getName(), namespace);
            } else {
                throw new AssertionError("the test does not know how to resolve " + var);
            }
        }
        return env;
    }
}
