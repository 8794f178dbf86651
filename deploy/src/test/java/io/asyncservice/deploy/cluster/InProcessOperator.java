package io.asyncservice.deploy.cluster;

import io.asyncservice.deploy.Chart;
import io.asyncservice.operator.AsyncServiceOperator;
import io.asyncservice.operator.config.OperatorConfig;
import io.fabric8.kubernetes.client.KubernetesClient;

/**
 * The real operator in this JVM ({@link AsyncServiceOperator#start}, as {@code Main} starts it), configured by the
 * environment the chart renders and authenticated as the chart's ServiceAccount: a token from the TokenRequest API, so
 * the API server holds it to exactly the chart's RBAC. Only the HTTP server moves to 127.0.0.1 and a free port.
 *
 * <p>Without leader election only: JOSDK 5 calls {@code System.exit(1)} when a leader stops leading (its
 * {@code exitOnStopLeading} defaults to true), which {@link #close()} would do to the test JVM. Leader election runs in
 * child JVMs ({@link OperatorProcess}).
 */
final class InProcessOperator implements AutoCloseable {

    private final KubernetesClient client;
    private final AsyncServiceOperator operator;

    private InProcessOperator(KubernetesClient client, AsyncServiceOperator operator) {
        this.client = client;
        this.operator = operator;
    }

    /** Starts the operator as the ServiceAccount of {@code chart}, which must exist in {@code releaseNamespace}. */
    static InProcessOperator start(Chart.Rendered chart, String releaseNamespace) {
        OperatorConfig config = OperatorConfig.fromEnv(ChartEnv.of(chart, releaseNamespace)).withHttp("127.0.0.1", 0);
        if (config.leaderElection()) {
            throw new IllegalArgumentException("render the chart with leaderElection.enabled=false: a JOSDK leader"
                    + " exits the JVM when it stops; use OperatorProcess for leader election");
        }
        String token = Cluster.plane().tokenFor(releaseNamespace, ChartRbac.serviceAccountName(chart));
        KubernetesClient client = Cluster.plane().clientAs(token);
        try {
            return new InProcessOperator(client, AsyncServiceOperator.start(config, client));
        } catch (RuntimeException e) {
            client.close();
            throw e;
        }
    }

    /** The operator's own client: what it may do, a test may try with it. */
    KubernetesClient client() {
        return client;
    }

    @Override
    public void close() {
        try {
            operator.close();
        } finally {
            client.close();
        }
    }
}
