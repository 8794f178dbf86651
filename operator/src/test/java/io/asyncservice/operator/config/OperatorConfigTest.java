package io.asyncservice.operator.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.asyncservice.operator.scaling.ScalerSettings;
import io.fabric8.kubernetes.api.model.Quantity;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class OperatorConfigTest {

    @Test
    void withNothingSetTheDefaultsAreForProduction() {
        OperatorConfig config = OperatorConfig.fromEnv(Map.of());

        assertThat(config.watchesAllNamespaces()).isTrue();
        assertThat(config.sidecar().image()).isEqualTo(OperatorConfig.DEFAULT_SIDECAR_IMAGE);
        assertThat(config.sidecar().resources().getRequests())
                .containsEntry("cpu", new Quantity("50m")).containsEntry("memory", new Quantity("128Mi"));
        assertThat(config.sidecar().resources().getLimits()).containsOnlyKeys("memory");
        assertThat(config.serverSideApply()).isTrue();
        assertThat(config.httpHost()).isEqualTo("0.0.0.0");
        assertThat(config.httpPort()).isEqualTo(8080);
        assertThat(config.leaderElection()).isFalse();
        assertThat(config.leaseName()).isEqualTo("async-service-operator");
        assertThat(config.leaseNamespace()).isNull();
        assertThat(config.secretRecheck()).as("the bound on a Secret rotation that README states")
                .isEqualTo(Duration.ofMinutes(5));
        assertThat(config.scaler()).isEqualTo(new ScalerSettings(16, 4, Duration.ofSeconds(5), 3, 8))
                .isEqualTo(ScalerSettings.defaults());
    }

    @Test
    void theSecretRecheckIsPositive() {
        OperatorConfig config = OperatorConfig.fromEnv(Map.of());

        assertThat(config.withSecretRecheck(Duration.ofSeconds(3)).secretRecheck()).isEqualTo(Duration.ofSeconds(3));
        assertThatThrownBy(() -> config.withSecretRecheck(Duration.ZERO)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void everySettingIsReadFromItsVariable() {
        OperatorConfig config = OperatorConfig.fromEnv(Map.ofEntries(
                Map.entry("ASVC_WATCH_NAMESPACES", " ml, jobs ,,"),
                Map.entry("ASVC_SIDECAR_IMAGE", "registry.example.com/sidecar:1.2"),
                Map.entry("ASVC_SIDECAR_CPU_REQUEST", "100m"),
                Map.entry("ASVC_SIDECAR_MEMORY_REQUEST", "64Mi"),
                Map.entry("ASVC_SIDECAR_CPU_LIMIT", "1"),
                Map.entry("ASVC_SIDECAR_MEMORY_LIMIT", "512Mi"),
                Map.entry("ASVC_SERVER_SIDE_APPLY", "false"),
                Map.entry("ASVC_HTTP_HOST", "127.0.0.1"),
                Map.entry("ASVC_HTTP_PORT", "9000"),
                Map.entry("ASVC_LEADER_ELECTION", "true"),
                Map.entry("ASVC_LEASE_NAME", "asvc-leader"),
                Map.entry("ASVC_LEASE_NAMESPACE", "asvc-system"),
                Map.entry("ASVC_SECRET_RECHECK_INTERVAL", "1m30s"),
                Map.entry("ASVC_SCALER_READ_THREADS", "32"),
                Map.entry("ASVC_SCALER_APPLY_THREADS", "2"),
                Map.entry("ASVC_SCALER_CALL_TIMEOUT", "750ms"),
                Map.entry("ASVC_SCALER_FAILURES_BEFORE_FALLBACK", "5"),
                Map.entry("ASVC_SCALER_MAX_READS_PER_ENDPOINT", " 4 ")));

        assertThat(config.watchedNamespaces()).containsExactlyInAnyOrder("ml", "jobs");
        assertThat(config.sidecar().image()).isEqualTo("registry.example.com/sidecar:1.2");
        assertThat(config.sidecar().resources().getRequests())
                .containsEntry("cpu", new Quantity("100m")).containsEntry("memory", new Quantity("64Mi"));
        assertThat(config.sidecar().resources().getLimits())
                .containsEntry("cpu", new Quantity("1")).containsEntry("memory", new Quantity("512Mi"));
        assertThat(config.serverSideApply()).isFalse();
        assertThat(config.httpHost()).isEqualTo("127.0.0.1");
        assertThat(config.httpPort()).isEqualTo(9000);
        assertThat(config.leaderElection()).isTrue();
        assertThat(config.leaseName()).isEqualTo("asvc-leader");
        assertThat(config.leaseNamespace()).isEqualTo("asvc-system");
        assertThat(config.secretRecheck()).isEqualTo(Duration.ofSeconds(90));
        assertThat(config.scaler()).isEqualTo(new ScalerSettings(32, 2, Duration.ofMillis(750), 5, 4));
    }

    @Test
    void aStarMeansAllNamespaces() {
        assertThat(OperatorConfig.fromEnv(Map.of("ASVC_WATCH_NAMESPACES", "*")).watchesAllNamespaces()).isTrue();
    }

    @Test
    void theSidecarDefaultsAreHandedOutAsCopies() {
        OperatorConfig config = OperatorConfig.fromEnv(Map.of());
        config.sidecar().resources().getRequests().clear();

        assertThat(config.sidecar().resources().getRequests()).isNotEmpty();
    }

    @ParameterizedTest
    @CsvSource({
        "ASVC_SERVER_SIDE_APPLY, maybe, 'ASVC_SERVER_SIDE_APPLY: ''maybe'' is not true or false'",
        "ASVC_HTTP_PORT, http, 'ASVC_HTTP_PORT: ''http'' is not a number'",
        "ASVC_HTTP_PORT, 70000, 'ASVC_HTTP_PORT: 70000 is not a port number'",
        "ASVC_SIDECAR_MEMORY_LIMIT, lots, 'ASVC_SIDECAR_MEMORY_LIMIT: ''lots'' is not a quantity'",
        "ASVC_SECRET_RECHECK_INTERVAL, 300, 'ASVC_SECRET_RECHECK_INTERVAL: ''300'' is not a duration'",
        "ASVC_SECRET_RECHECK_INTERVAL, 0s, 'ASVC_SECRET_RECHECK_INTERVAL: ''0s'' must be longer than 0s'",
        "ASVC_SCALER_READ_THREADS, many, 'ASVC_SCALER_READ_THREADS: ''many'' is not a number'",
        "ASVC_SCALER_READ_THREADS, 0, 'ASVC_SCALER_READ_THREADS: 0 is less than 1'",
        "ASVC_SCALER_APPLY_THREADS, 1.5, 'ASVC_SCALER_APPLY_THREADS: ''1.5'' is not a number'",
        "ASVC_SCALER_APPLY_THREADS, -1, 'ASVC_SCALER_APPLY_THREADS: -1 is less than 1'",
        "ASVC_SCALER_CALL_TIMEOUT, 5, 'ASVC_SCALER_CALL_TIMEOUT: ''5'' is not a duration such as 500ms, 30s, 5m or 1h30m'",
        "ASVC_SCALER_CALL_TIMEOUT, 0ms, 'ASVC_SCALER_CALL_TIMEOUT: ''0ms'' must be longer than 0s'",
        "ASVC_SCALER_FAILURES_BEFORE_FALLBACK, three, 'ASVC_SCALER_FAILURES_BEFORE_FALLBACK: ''three'' is not a number'",
        "ASVC_SCALER_FAILURES_BEFORE_FALLBACK, 0, 'ASVC_SCALER_FAILURES_BEFORE_FALLBACK: 0 is less than 1'",
        "ASVC_SCALER_MAX_READS_PER_ENDPOINT, all, 'ASVC_SCALER_MAX_READS_PER_ENDPOINT: ''all'' is not a number'",
        "ASVC_SCALER_MAX_READS_PER_ENDPOINT, 0, 'ASVC_SCALER_MAX_READS_PER_ENDPOINT: 0 is less than 1'",
    })
    void anUnusableValueFailsNamingTheVariable(String variable, String value, String message) {
        assertThatThrownBy(() -> OperatorConfig.fromEnv(Map.of(variable, value)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(message);
    }
}
