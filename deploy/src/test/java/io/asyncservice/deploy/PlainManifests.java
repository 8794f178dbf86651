package io.asyncservice.deploy;

import java.nio.file.Path;

/**
 * {@code deploy/kubernetes/}: the chart rendered with its default values, for users who only {@code kubectl apply}.
 * One file with the operator (a Namespace first, then what helm would install, without the helm test), and the CRD.
 */
final class PlainManifests {

    static final Path DIR = Chart.DEPLOY.resolve("kubernetes");
    static final Path OPERATOR = DIR.resolve("async-service-operator.yaml");
    static final Path CRD = DIR.resolve(ChartCrdTest.CRD_FILE);

    private PlainManifests() {
    }

    /** What {@link #OPERATOR} must hold. */
    static String operator() {
        String header = """
                # The Async Service Operator, rendered from deploy/helm/async-service-operator with its default values.
                # Generated: do not edit. Regenerate with: %s
                #
                # Install: kubectl apply -f %s
                #          kubectl apply -f async-service-operator.yaml
                ---
                apiVersion: v1
                kind: Namespace
                metadata:
                  name: %s
                  labels:
                    app.kubernetes.io/part-of: async-service-operator
                    pod-security.kubernetes.io/enforce: restricted
                """.formatted(Drift.REGENERATE, ChartCrdTest.CRD_FILE, Chart.NAMESPACE);
        return header + Chart.template("--skip-tests");
    }
}
