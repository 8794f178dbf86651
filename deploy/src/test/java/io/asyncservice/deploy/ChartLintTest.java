package io.asyncservice.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.asyncservice.testing.helm.Helm;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** helm lint, package and the chart's own checks on bad values. */
class ChartLintTest {

    @Test
    void lintsStrictWithDefaults() {
        assertThat(Helm.run(Chart.DEPLOY, "lint", "--strict", Chart.DIR.toString())).contains("0 chart(s) failed");
    }

    @Test
    void lintsStrictWithEveryOption() {
        assertThat(Helm.run(Chart.DEPLOY, "lint", "--strict", Chart.DIR.toString(),
                "--set", "watchNamespaces={team-a,team-b}",
                "--set", "metrics.serviceMonitor.enabled=true",
                "--set", "metrics.podMonitor.enabled=true",
                "--set", "metrics.prometheusRule.enabled=true",
                "--set", "logging.format=json",
                "--set", "networkPolicy.enabled=true",
                "--set", "networkPolicy.metricsFrom[0].ipBlock.cidr=10.0.0.0/8",
                "--set", "image.digest=sha256:0000000000000000000000000000000000000000000000000000000000000000"))
                .contains("0 chart(s) failed");
    }

    @Test
    void packages() throws Exception {
        Path out = Files.createDirectories(Chart.DEPLOY.resolve("target/helm"));
        Helm.run(Chart.DEPLOY, "package", Chart.DIR.toString(), "--destination", out.toString());

        assertThat(out.resolve("async-service-operator-0.1.0.tgz")).isRegularFile();
    }

    @Test
    void rejectsAnUnknownLogFormat() {
        assertThatThrownBy(() -> Chart.template("--set", "logging.format=xml"))
                .hasMessageContaining("logging.format must be text or json");
    }

    @Test
    void rejectsTwoReplicasWithoutLeaderElection() {
        assertThatThrownBy(() -> Chart.template("--set", "leaderElection.enabled=false"))
                .hasMessageContaining("replicas > 1 needs leaderElection.enabled=true");
    }
}
