package io.asyncservice.sandbox;

import io.asyncservice.sandbox.broker.SandboxBroker;
import io.asyncservice.sandbox.demo.DemoRun;
import io.asyncservice.sandbox.demo.DemoSummary;
import io.asyncservice.sandbox.demo.ExampleTemplate;
import io.asyncservice.sandbox.pods.PodRunnerSettings;
import io.asyncservice.testing.k8s.KubeControlPlane;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

/**
 * The sandbox: the whole system on this machine in one command ({@code ./sandbox/run}). It starts a broker, a real
 * Kubernetes control plane with the process kubelet, and the operator from its Helm chart; prints where everything
 * is; runs the demo unless {@code --no-demo}; and stays up for kubectl and helm until Ctrl-C, which stops everything
 * cleanly: every pod with its drain, then the control plane, then the broker.
 */
public final class SandboxMain {

    public static final String SERVICE = "summarizer";

    private SandboxMain() {
    }

    public static void main(String[] args) throws InterruptedException {
        if (System.getProperty("logback.configurationFile") == null) {
            System.setProperty("logback.configurationFile", "io/asyncservice/sandbox/sandbox-logback.xml");
        }
        SandboxOptions options;
        try {
            options = SandboxOptions.parse(List.of(args));
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.err.println(SandboxOptions.USAGE);
            System.exit(2);
            return;
        }
        PrintStream out = System.out;
        out.println("Async Service Operator sandbox on Kubernetes " + KubeControlPlane.kubernetesVersion()
                + " (etcd, kube-apiserver, kube-controller-manager), broker " + options.broker());
        out.println("  pods run as local processes on this machine (a process kubelet); the operator is installed with helm");
        Path sidecarJar = SidecarJar.locate();
        SandboxBroker broker = SandboxBroker.start(options.broker());
        Sandbox sandbox;
        try {
            sandbox = Sandbox.start(options.workDir(), options.apiPort(), PodRunnerSettings.defaults(options.workDir(), sidecarJar));
        } catch (RuntimeException e) {
            broker.close();
            throw e;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            out.println("Stopping: every pod (draining), the control plane, the broker ...");
            try {
                sandbox.close();
            } finally {
                broker.close();
                stopped.countDown();
                out.println("Sandbox stopped.");
            }
        }, "sandbox-shutdown"));

        Map<String, String> values = broker.provision(SERVICE);
        Path example = options.workDir().resolve("examples").resolve(options.broker() + ".yaml");
        String yaml = ExampleTemplate.write(options.broker(), values, example);
        out.println();
        out.println("Kubernetes API   " + sandbox.controlPlane().masterUrl() + "  (" + sandbox.kubernetesVersion()
                + ", admin kubeconfig below)");
        out.println("kubeconfig       " + sandbox.kubeconfig());
        out.println("operator         helm release " + Sandbox.RELEASE + " in namespace " + Sandbox.OPERATOR_NAMESPACE);
        out.println("pods             " + options.workDir().resolve("pods") + "  (one directory per pod, container logs inside)");
        out.println("control plane    " + sandbox.controlPlane().workDir() + "  (its logs)");
        out.println("example          " + example);
        out.println();
        out.println("  export KUBECONFIG=" + sandbox.kubeconfig());
        out.println("  kubectl get asvc,deploy,pods");
        out.println("  kubectl -n " + Sandbox.OPERATOR_NAMESPACE + " logs deploy/" + Sandbox.RELEASE);
        out.println("  helm list -A");
        out.println("  kubectl apply -f " + example);
        out.println();
        if (options.demo()) {
            DemoSummary summary = new DemoRun(sandbox.client(), broker, SERVICE, out)
                    .run(yaml, options.messages(), Duration.ofMinutes(5));
            out.println(summary.render());
            if (options.exitAfterDemo()) {
                System.exit(summary.lost() == 0 ? 0 : 1);
            }
        }
        out.println("Sandbox running. Ctrl-C stops everything.");
        stopped.await();
    }
}
