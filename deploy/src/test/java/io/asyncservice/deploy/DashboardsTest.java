package io.asyncservice.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The Grafana dashboards and the chart's alerts read only series that the sidecar and the scaler register (or that
 * are listed as proposed or external in deploy/dashboards/README.md), and show what issue 6 asks for.
 */
class DashboardsTest {

    static final Path DIR = Chart.DEPLOY.resolve("dashboards");

    /** Every series a dashboard or an alert may read: Prometheus name → where it comes from. */
    static final Map<String, String> SERIES = Map.ofEntries(
            Map.entry("asvc_messages_total", "sidecar EngineMetrics asvc.messages{outcome}"),
            Map.entry("asvc_processing_seconds", "sidecar EngineMetrics asvc.processing (histogram)"),
            Map.entry("asvc_in_flight", "sidecar EngineMetrics asvc.in.flight"),
            Map.entry("asvc_retries_total", "sidecar EngineMetrics asvc.retries"),
            Map.entry("asvc_dead_lettered_total", "sidecar EngineMetrics asvc.dead.lettered"),
            Map.entry("asvc_publish_seconds", "sidecar EngineMetrics asvc.publish{queue,result} (histogram)"),
            Map.entry("asvc_app_requests_seconds", "sidecar EngineMetrics asvc.app.requests{outcome}"),
            Map.entry("asvc_receive_errors_total", "sidecar EngineMetrics asvc.receive.errors"),
            Map.entry("asvc_settle_errors_total", "sidecar EngineMetrics asvc.settle.errors{action}"),
            Map.entry("asyncservice_scaler_backlog", "operator ScalerMetrics BACKLOG{namespace,name}"),
            Map.entry("asyncservice_scaler_desired_replicas", "operator ScalerMetrics DESIRED{namespace,name}"),
            Map.entry("asyncservice_scaler_backlog_reads_seconds", "operator ScalerMetrics READS{broker}"),
            Map.entry("asyncservice_scaler_backlog_read_errors_total", "operator ScalerMetrics READ_ERRORS{broker,reason}"),
            Map.entry("asyncservice_scaler_polls_skipped_total", "operator ScalerMetrics SKIPPED{cause}"),
            Map.entry("asyncservice_scaler_backlog_available", "operator ScalerMetrics AVAILABLE{namespace,name}"),
            Map.entry("kube_deployment_status_replicas", "kube-state-metrics"));

    private static final Pattern SERIES_NAME = Pattern.compile("\\b(?:asvc|asyncservice|kube)_[a-z_]+\\b");
    private final ObjectMapper json = new ObjectMapper();

    @Test
    void sidecarDashboardShowsTheDeliveryMetrics() throws IOException {
        JsonNode dashboard = json.readTree(DIR.resolve("async-service-sidecar.json").toFile());

        assertWellFormed(dashboard);
        Map<String, String> exprs = exprsByTitle(dashboard);
        assertThat(exprs).containsKeys("Throughput by outcome", "Processing latency", "In flight", "Retries",
                "Dead letters", "Output publish latency");
        assertThat(exprs.get("Throughput by outcome")).contains("asvc_messages_total").contains("by (outcome)");
        assertThat(exprs.get("Processing latency")).contains("histogram_quantile").contains("asvc_processing_seconds_bucket");
        assertThat(exprs.get("Output publish latency")).contains("asvc_publish_seconds_bucket");
    }

    @Test
    void scalerDashboardShowsBacklogAgainstReplicas() throws IOException {
        JsonNode dashboard = json.readTree(DIR.resolve("async-service-scaler.json").toFile());

        assertWellFormed(dashboard);
        Map<String, String> exprs = exprsByTitle(dashboard);
        assertThat(exprs.get("Backlog and replicas")).contains("asyncservice_scaler_backlog{")
                .contains("asyncservice_scaler_desired_replicas");
        assertThat(exprs.get("Backlog read errors")).contains("asyncservice_scaler_backlog_read_errors_total");
    }

    @Test
    void dashboardsAndAlertsReadOnlyKnownSeries() throws IOException {
        Set<String> used = new TreeSet<>();
        for (String file : List.of("async-service-sidecar.json", "async-service-scaler.json")) {
            exprsByTitle(json.readTree(DIR.resolve(file).toFile())).values().forEach(e -> used.addAll(series(e)));
        }
        GenericKubernetesResource rule = (GenericKubernetesResource) Chart.render(
                "--set", "metrics.prometheusRule.enabled=true").ofKind("PrometheusRule").get(0);
        List<String> alerts = new ArrayList<>();
        for (Map<String, Object> group : list(((Map<?, ?>) rule.getAdditionalProperties().get("spec")).get("groups"))) {
            for (Map<String, Object> r : list(group.get("rules"))) {
                alerts.add((String) r.get("alert"));
                used.addAll(series((String) r.get("expr")));
            }
        }

        assertThat(alerts).contains("AsyncServiceBacklogGrowing", "AsyncServiceDeadLettersRising",
                "AsyncServiceBacklogUnavailable");
        assertThat(SERIES).containsKeys(used.toArray(String[]::new));
        String readme = Drift.read(DIR.resolve("README.md"));
        assertThat(SERIES.keySet()).allSatisfy(s -> assertThat(readme).contains("`" + s + "`"));
    }

    private static void assertWellFormed(JsonNode dashboard) {
        assertThat(dashboard.path("uid").asText()).isNotBlank();
        Set<Integer> ids = new HashSet<>();
        for (JsonNode panel : dashboard.get("panels")) {
            assertThat(ids.add(panel.get("id").asInt())).as("unique panel id %s", panel.get("id")).isTrue();
            JsonNode grid = panel.get("gridPos");
            assertThat(grid.get("x").asInt() + grid.get("w").asInt()).isLessThanOrEqualTo(24);
            assertThat(panel.path("datasource").path("uid").asText()).isEqualTo("${datasource}");
            assertThat(panel.get("targets")).isNotEmpty();
        }
        List<String> variables = new ArrayList<>();
        dashboard.path("templating").path("list").forEach(v -> variables.add(v.get("name").asText()));
        assertThat(variables).containsExactly("datasource", "namespace", "name");
    }

    private static Map<String, String> exprsByTitle(JsonNode dashboard) {
        Map<String, String> out = new java.util.LinkedHashMap<>();
        for (JsonNode panel : dashboard.get("panels")) {
            StringBuilder exprs = new StringBuilder();
            panel.get("targets").forEach(t -> exprs.append(t.get("expr").asText()).append('\n'));
            out.put(panel.get("title").asText(), exprs.toString());
        }
        return out;
    }

    /** The series an expression reads, histogram and summary suffixes removed. */
    private static Set<String> series(String expr) {
        Set<String> out = new TreeSet<>();
        Matcher m = SERIES_NAME.matcher(expr);
        while (m.find()) {
            out.add(m.group().replaceAll("_(bucket|sum|count|max)$", ""));
        }
        return out;
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> list(Object o) {
        return (List<Map<String, Object>>) o;
    }
}
