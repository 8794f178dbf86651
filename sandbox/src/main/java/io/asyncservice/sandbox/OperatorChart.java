package io.asyncservice.sandbox;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Where the operator's Helm chart is: the system property {@code sandbox.chart.dir}, else the environment variable
 * {@code ASVC_SANDBOX_CHART_DIR}, else {@code deploy/helm/async-service-operator} in the checkout that contains the
 * working directory.
 */
public final class OperatorChart {

    public static final String PROPERTY = "sandbox.chart.dir";
    public static final String ENV = "ASVC_SANDBOX_CHART_DIR";
    static final String IN_CHECKOUT = "deploy/helm/async-service-operator";

    private OperatorChart() {
    }

    /** The chart's directory; fails with what to set when there is none. */
    public static Path locate() {
        Path dir = Optional.ofNullable(System.getProperty(PROPERTY)).or(() -> Optional.ofNullable(System.getenv(ENV)))
                .map(p -> Path.of(p).toAbsolutePath().normalize())
                .or(() -> Checkout.root().map(root -> root.resolve(IN_CHECKOUT)))
                .orElseThrow(() -> new IllegalStateException("cannot find the operator's chart: run from the checkout,"
                        + " or set " + PROPERTY + " or " + ENV));
        if (!Files.isRegularFile(dir.resolve("Chart.yaml"))) {
            throw new IllegalStateException(dir + " has no Chart.yaml; it is not the operator's chart");
        }
        return dir;
    }
}
