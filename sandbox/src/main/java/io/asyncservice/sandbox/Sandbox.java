package io.asyncservice.sandbox;

import io.asyncservice.sandbox.pods.LocalPodRunner;
import io.asyncservice.sandbox.pods.PodRunnerSettings;
import io.asyncservice.testing.helm.Helm;
import io.asyncservice.testing.k8s.KubeControlPlane;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The whole system on one machine, minus the broker: a real Kubernetes control plane (etcd, kube-apiserver,
 * kube-controller-manager, from {@code test-support}), the process kubelet that runs its pods as local processes,
 * and the operator, installed with {@code helm install} of its chart and running as a pod of the chart's
 * Deployment, with the chart's RBAC. Closing it stops every pod at once with its drain sequence (the operator's
 * too), then the control plane.
 */
public final class Sandbox implements AutoCloseable {

    public static final String OPERATOR_NAMESPACE = "async-service-system";
    public static final String RELEASE = "async-service-operator";
    private static final Logger LOG = LoggerFactory.getLogger(Sandbox.class);
    /** The operator's first start on a busy two-core machine: a pod, a JVM, informers; helm waits for it ready. */
    private static final Duration INSTALL_TIMEOUT = Duration.ofMinutes(4);

    private final KubeControlPlane controlPlane;
    private final LocalPodRunner runner;
    private final Path kubeconfig;
    private final String kubernetesVersion;

    private Sandbox(KubeControlPlane controlPlane, LocalPodRunner runner, Path kubeconfig, String kubernetesVersion) {
        this.controlPlane = controlPlane;
        this.runner = runner;
        this.kubeconfig = kubeconfig;
        this.kubernetesVersion = kubernetesVersion;
    }

    /**
     * Starts the control plane and the kubelet, then installs the operator's chart and waits until the operator
     * is ready.
     *
     * @param workDir where the kubeconfig, the control plane's logs and the pods' directories go
     * @param apiPort the API server's port on 127.0.0.1; 0 picks a free one
     */
    public static Sandbox start(Path workDir, int apiPort, PodRunnerSettings pods) {
        createDirectories(workDir);
        KubeControlPlane plane = KubeControlPlane.start(workDir.resolve("control-plane"), apiPort);
        // Pods drain before the control plane goes, so the sandbox's close stops it, not a JVM hook of its own.
        plane.stopOnlyWhenClosed();
        LocalPodRunner runner = null;
        try {
            String version = plane.adminClient().getKubernetesVersion().getGitVersion();
            Path kubeconfig = workDir.resolve("kubeconfig");
            Files.copy(plane.kubeconfigPath(), kubeconfig, StandardCopyOption.REPLACE_EXISTING);
            runner = LocalPodRunner.start(plane.adminClient(), pods, plane::writeKubeconfig, version);
            installOperator(kubeconfig, workDir);
            return new Sandbox(plane, runner, kubeconfig, version);
        } catch (IOException e) {
            close(runner, plane);
            throw new UncheckedIOException(e);
        } catch (RuntimeException e) {
            close(runner, plane);
            throw e;
        }
    }

    /** {@code helm install} of the chart, as a user would, waiting until the operator's Deployment is ready. */
    private static void installOperator(Path kubeconfig, Path workDir) {
        long t0 = System.nanoTime();
        Path chart = OperatorChart.locate();
        Helm.run(workDir, INSTALL_TIMEOUT.plusSeconds(30), "install", RELEASE, chart.toString(),
                "--kubeconfig", kubeconfig.toString(),
                "--namespace", OPERATOR_NAMESPACE, "--create-namespace",
                // One operator JVM: two (the chart's default, for a quick failover) cost a laptop 300 MB for nothing.
                "--set", "replicas=1",
                "--wait", "--timeout", INSTALL_TIMEOUT.toSeconds() + "s");
        LOG.info("helm install {} ({}) in namespace {}: operator ready in {} ms", RELEASE, chart, OPERATOR_NAMESPACE,
                (System.nanoTime() - t0) / 1_000_000);
    }

    /** {@code helm test} of the operator's release: its test pod checks the operator's health through its Service. */
    public String helmTest() {
        return Helm.run(kubeconfig.getParent(), INSTALL_TIMEOUT, "test", RELEASE, "--kubeconfig", kubeconfig.toString(),
                "--namespace", OPERATOR_NAMESPACE, "--timeout", "3m");
    }

    /** An admin client of the control plane, namespace {@code default}; owned by the sandbox. */
    public KubernetesClient client() {
        return controlPlane.adminClient();
    }

    public KubeControlPlane controlPlane() {
        return controlPlane;
    }

    /** The process kubelet. */
    public LocalPodRunner pods() {
        return runner;
    }

    /** An admin kubeconfig, for kubectl and helm. */
    public Path kubeconfig() {
        return kubeconfig;
    }

    /** The control plane's version, e.g. {@code v1.34.4}. */
    public String kubernetesVersion() {
        return kubernetesVersion;
    }

    @Override
    public void close() {
        LOG.info("Sandbox stopping: every pod (with its drain), then the control plane");
        close(runner, controlPlane);
    }

    private static void close(LocalPodRunner runner, KubeControlPlane plane) {
        try {
            if (runner != null) {
                runner.close();
            }
        } finally {
            plane.close();
        }
    }

    private static void createDirectories(Path dir) {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + dir, e);
        }
    }
}
