package io.asyncservice.operator.cluster;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;

/**
 * An IT class with the operator running on the shared real control plane (one operator per class, with the production
 * configuration and the chart's ServiceAccount) and a namespace of its own for each test, deleted after it.
 */
abstract class AbstractClusterIT {

    protected static RealCluster cluster;
    protected static RealCluster.RunningOperator operator;

    protected TestNamespace ns;

    /** What each test's namespace is named after, e.g. {@code asvc-ssa}. */
    protected abstract String namespacePrefix();

    @BeforeAll
    static void startOperator() {
        cluster = RealCluster.shared();
        operator = cluster.startOperator();
    }

    @AfterAll
    static void stopOperator() {
        if (operator != null) {
            operator.close();
            operator = null;
        }
    }

    @BeforeEach
    void namespace() {
        ns = TestNamespace.create(cluster, namespacePrefix());
    }

    @AfterEach
    void deleteNamespace() {
        ns.close();
    }
}
