package io.asyncservice.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodSecurityContext;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.api.model.Pod;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The operator Deployment and the objects around it, as users get them with the default values. */
class DeploymentTest {

    private final Chart.Rendered chart = Chart.render();
    private final Deployment deployment = chart.one(Deployment.class);
    private final PodSpec pod = deployment.getSpec().getTemplate().getSpec();
    private final Container operator = pod.getContainers().get(0);

    @Test
    void runsTwoReplicasWithLeaderElection() {
        assertThat(deployment.getSpec().getReplicas()).isEqualTo(2);
        assertThat(env(operator)).containsEntry("ASVC_LEADER_ELECTION", "true")
                .containsEntry("ASVC_LEASE_NAME", "async-service-operator");
        EnvVar leaseNamespace = operator.getEnv().stream().filter(e -> e.getName().equals("ASVC_LEASE_NAMESPACE"))
                .findFirst().orElseThrow();
        assertThat(leaseNamespace.getValueFrom().getFieldRef().getFieldPath()).isEqualTo("metadata.namespace");
        assertThat(deployment.getSpec().getStrategy().getRollingUpdate().getMaxUnavailable().getIntVal()).isZero();
        assertThat(pod.getAffinity().getPodAntiAffinity().getPreferredDuringSchedulingIgnoredDuringExecution())
                .as("replicas prefer different nodes").hasSize(1);
    }

    @Test
    void passesTheValuesToTheOperatorsConfiguration() {
        assertThat(env(operator))
                .containsEntry("ASVC_WATCH_NAMESPACES", "")
                .containsEntry("ASVC_SIDECAR_IMAGE", "ghcr.io/asyncservice/sidecar:0.1.0")
                .containsEntry("ASVC_SIDECAR_CPU_REQUEST", "50m")
                .containsEntry("ASVC_SIDECAR_MEMORY_REQUEST", "128Mi")
                .containsEntry("ASVC_SIDECAR_CPU_LIMIT", "")
                .containsEntry("ASVC_SIDECAR_MEMORY_LIMIT", "256Mi")
                .containsEntry("ASVC_SERVER_SIDE_APPLY", "true")
                .containsEntry("ASVC_HTTP_PORT", "8080")
                .containsEntry("ASVC_SECRET_RECHECK_INTERVAL", "5m")
                .containsEntry("ASVC_SCALER_READ_THREADS", "16")
                .containsEntry("ASVC_SCALER_APPLY_THREADS", "4")
                .containsEntry("ASVC_SCALER_CALL_TIMEOUT", "5s")
                .containsEntry("ASVC_SCALER_FAILURES_BEFORE_FALLBACK", "3")
                .containsEntry("ASVC_SCALER_MAX_READS_PER_ENDPOINT", "8")
                .containsEntry("LOG_FORMAT", "text")
                .containsEntry("LOG_LEVEL", "info");
        assertThat(operator.getImage()).isEqualTo("ghcr.io/asyncservice/operator:0.1.0");

        Container changed = Chart.render("--set", "serverSideApply=false", "--set", "logging.format=json",
                        "--set", "logging.level=debug", "--set", "sidecar.image.tag=1.2.3",
                        "--set", "sidecar.resources.limits.cpu=500m", "--set", "metrics.port=9090",
                        "--set", "image.digest=sha256:abc", "--set", "javaToolOptions=-Xlog:gc",
                        "--set", "secretRecheckInterval=1m", "--set", "scaler.readThreads=64",
                        "--set", "scaler.callTimeout=10s")
                .one(Deployment.class).getSpec().getTemplate().getSpec().getContainers().get(0);
        assertThat(env(changed))
                .containsEntry("ASVC_SERVER_SIDE_APPLY", "false")
                .containsEntry("LOG_FORMAT", "json")
                .containsEntry("LOG_LEVEL", "debug")
                .containsEntry("ASVC_SIDECAR_IMAGE", "ghcr.io/asyncservice/sidecar:1.2.3")
                .containsEntry("ASVC_SIDECAR_CPU_LIMIT", "500m")
                .containsEntry("ASVC_HTTP_PORT", "9090")
                .containsEntry("JAVA_TOOL_OPTIONS", "-Xlog:gc")
                .containsEntry("ASVC_SECRET_RECHECK_INTERVAL", "1m")
                .containsEntry("ASVC_SCALER_READ_THREADS", "64")
                .containsEntry("ASVC_SCALER_CALL_TIMEOUT", "10s");
        assertThat(changed.getImage()).isEqualTo("ghcr.io/asyncservice/operator@sha256:abc");
        assertThat(changed.getPorts()).singleElement().satisfies(p -> assertThat(p.getContainerPort()).isEqualTo(9090));
    }

    @Test
    void probesHealthAndReadinessOnTheHttpPort() {
        assertThat(operator.getPorts()).singleElement().satisfies(p -> {
            assertThat(p.getName()).isEqualTo("http");
            assertThat(p.getContainerPort()).isEqualTo(Integer.parseInt(env(operator).get("ASVC_HTTP_PORT")));
        });
        assertHttpProbe(operator.getStartupProbe(), "/healthz");
        assertHttpProbe(operator.getLivenessProbe(), "/healthz");
        assertHttpProbe(operator.getReadinessProbe(), "/readyz");
        assertThat(operator.getStartupProbe().getPeriodSeconds() * operator.getStartupProbe().getFailureThreshold())
                .as("seconds a slow JVM start gets").isEqualTo(120);
    }

    @Test
    void runsRestricted() {
        PodSecurityContext podContext = pod.getSecurityContext();
        assertThat(podContext.getRunAsNonRoot()).isTrue();
        assertThat(podContext.getRunAsUser()).isEqualTo(65532L);
        assertThat(podContext.getSeccompProfile().getType()).isEqualTo("RuntimeDefault");

        SecurityContext context = operator.getSecurityContext();
        assertThat(context.getRunAsNonRoot()).isTrue();
        assertThat(context.getReadOnlyRootFilesystem()).isTrue();
        assertThat(context.getAllowPrivilegeEscalation()).isFalse();
        assertThat(context.getPrivileged()).isFalse();
        assertThat(context.getCapabilities().getDrop()).containsExactly("ALL");
        assertThat(context.getCapabilities().getAdd()).isNullOrEmpty();
        assertThat(context.getSeccompProfile().getType()).isEqualTo("RuntimeDefault");

        assertThat(operator.getVolumeMounts()).singleElement().satisfies(m -> {
            assertThat(m.getMountPath()).isEqualTo("/tmp");
            assertThat(pod.getVolumes()).filteredOn(v -> v.getName().equals(m.getName()))
                    .singleElement().satisfies(v -> assertThat(v.getEmptyDir()).isNotNull());
        });
        assertThat(pod.getHostNetwork()).isNull();
        assertThat(pod.getHostPID()).isNull();
    }

    @Test
    void hasRequestsAndAMemoryLimit() {
        assertThat(operator.getResources().getRequests()).containsKeys("cpu", "memory");
        assertThat(operator.getResources().getLimits()).containsKey("memory");
    }

    @Test
    void metricsServiceAndPdbSelectTheOperatorPods() {
        Map<String, String> podLabels = deployment.getSpec().getTemplate().getMetadata().getLabels();
        assertThat(podLabels).containsAllEntriesOf(deployment.getSpec().getSelector().getMatchLabels());

        Service service = chart.one(Service.class);
        assertThat(podLabels).containsAllEntriesOf(service.getSpec().getSelector());
        assertThat(service.getSpec().getPorts()).singleElement().satisfies(p -> {
            assertThat(p.getTargetPort().getStrVal()).isEqualTo("http");
            assertThat(p.getName()).isEqualTo("http-metrics");
        });

        PodDisruptionBudget pdb = chart.one(PodDisruptionBudget.class);
        assertThat(podLabels).containsAllEntriesOf(pdb.getSpec().getSelector().getMatchLabels());
        assertThat(pdb.getSpec().getMaxUnavailable().getIntVal()).isEqualTo(1);
        assertThat(pdb.getSpec().getUnhealthyPodEvictionPolicy()).isEqualTo("AlwaysAllow");
    }

    @Test
    void helmTestAsksTheHealthEndpointThroughTheService() {
        Pod test = chart.one(Pod.class);
        Service service = chart.one(Service.class);

        assertThat(test.getMetadata().getAnnotations()).containsEntry("helm.sh/hook", "test");
        String script = String.join("\n", test.getSpec().getContainers().get(0).getCommand());
        assertThat(script).contains("http://" + service.getMetadata().getName() + "." + Chart.NAMESPACE + ".svc:"
                + service.getSpec().getPorts().get(0).getPort()).contains("/healthz");
        assertThat(test.getSpec().getSecurityContext().getRunAsNonRoot()).isTrue();
        assertThat(test.getMetadata().getLabels()).as("the Service must not select the test Pod")
                .doesNotContainEntry("app.kubernetes.io/name", "async-service-operator");
        assertThat(test.getSpec().getContainers().get(0).getSecurityContext().getReadOnlyRootFilesystem()).isTrue();
    }

    @Test
    void monitoringObjectsOnlyWhenAsked() {
        assertThat(kinds(chart.objects())).doesNotContain("ServiceMonitor", "PodMonitor", "PrometheusRule");

        Chart.Rendered monitored = Chart.render("--set", "metrics.serviceMonitor.enabled=true",
                "--set", "metrics.podMonitor.enabled=true", "--set", "metrics.prometheusRule.enabled=true");
        assertThat(kinds(monitored.objects())).contains("ServiceMonitor", "PodMonitor", "PrometheusRule");
        assertThat(monitored.ofKind("ServiceMonitor")).singleElement()
                .satisfies(m -> assertThat(m.getApiVersion()).isEqualTo("monitoring.coreos.com/v1"));
    }

    @Test
    void everyNamespacedObjectIsInTheReleaseNamespace() {
        assertThat(chart.objects()).filteredOn(o -> !List.of("ClusterRole", "ClusterRoleBinding").contains(o.getKind()))
                .allSatisfy(o -> assertThat(o.getMetadata().getNamespace()).as(o.getKind()).isEqualTo(Chart.NAMESPACE));
    }

    private static void assertHttpProbe(Probe probe, String path) {
        assertThat(probe).as(path).isNotNull();
        assertThat(probe.getHttpGet().getPath()).isEqualTo(path);
        assertThat(probe.getHttpGet().getPort().getStrVal()).isEqualTo("http");
    }

    static Map<String, String> env(Container container) {
        return container.getEnv().stream().filter(e -> e.getValue() != null)
                .collect(Collectors.toMap(EnvVar::getName, EnvVar::getValue));
    }

    private static List<String> kinds(List<HasMetadata> objects) {
        return objects.stream().map(HasMetadata::getKind).toList();
    }
}
