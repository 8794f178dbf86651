package io.asyncservice.operator.dev;

import io.asyncservice.api.v1alpha1.AsyncService;
import io.asyncservice.operator.AsyncServiceOperator;
import io.asyncservice.operator.Example;
import io.asyncservice.operator.Main;
import io.asyncservice.operator.MockCluster;
import io.asyncservice.operator.config.OperatorConfig;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;

/**
 * {@code ./mvnw -B -pl operator exec:java}: the operator on a local mock Kubernetes API with an example
 * AsyncService, so that it does something useful without a cluster. It lives with the tests because the mock API
 * server is a test dependency; the production jar has neither.
 *
 * <p>It starts the fabric8 mock API server on 127.0.0.1, runs the operator against it (server-side apply off, as
 * the mock cannot apply), applies the example file (default deploy/examples/sqs.yaml), prints the rendered
 * Deployment and the AsyncService's status, and keeps running until Ctrl-C. It never touches a real cluster unless
 * told to with {@code ASVC_DEV_MOCK=false}, which runs {@link Main} against the current kubeconfig context instead.
 *
 * <p>Arguments: {@code [example.yaml] [--once]}; {@code --once} exits after printing.
 */
public final class DevOperator {

    static final String NAMESPACE = "default";

    private DevOperator() {
    }

    public static void main(String[] args) throws InterruptedException {
        List<String> arguments = Arrays.asList(args);
        if ("false".equalsIgnoreCase(System.getenv("ASVC_DEV_MOCK"))) {
            System.out.println("ASVC_DEV_MOCK=false: running the operator against the current kubeconfig context");
            Main.main(new String[0]);
            return;
        }
        Path example = arguments.stream().filter(a -> !a.startsWith("--")).findFirst()
                .map(Path::of).orElse(Example.DIRECTORY.resolve("sqs.yaml"));
        boolean once = arguments.contains("--once");
        run(example, once, System.out);
    }

    /** Runs the demo; returns after printing when {@code once}, else when the JVM is stopped. */
    static void run(Path example, boolean once, PrintStream out) throws InterruptedException {
        MockCluster cluster = MockCluster.start(0);
        AsyncServiceOperator operator = startOperator(cluster);
        CountDownLatch stopped = new CountDownLatch(1);
        Runnable stop = () -> {
            operator.close();
            cluster.close();
            stopped.countDown();
        };
        try {
            out.println("Mock Kubernetes API at " + cluster.url() + " (fabric8 mock server, CRUD mode)");
            out.println("Operator health and metrics: http://127.0.0.1:" + operator.httpPort() + "/healthz /readyz /metrics");
            showExample(cluster.client(), example, out);
        } catch (RuntimeException e) {
            stop.run();
            throw e;
        }
        if (once) {
            stop.run();
            return;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(stop, "dev-operator-shutdown"));
        out.println("Running; press Ctrl-C to stop.");
        stopped.await();
    }

    private static AsyncServiceOperator startOperator(MockCluster cluster) {
        OperatorConfig fromEnv = OperatorConfig.fromEnv();
        OperatorConfig config = fromEnv.withServerSideApply(false).withHttp("127.0.0.1", fromEnv.httpPort());
        try {
            return cluster.startOperator(config);
        } catch (UncheckedIOException e) {
            System.out.println("Port " + config.httpPort() + " is taken; using a free port for health and metrics");
            return cluster.startOperator(config.withHttp("127.0.0.1", 0));
        }
    }

    private static void showExample(KubernetesClient client, Path file, PrintStream out) {
        Example example = Example.load(file, NAMESPACE);
        AsyncService asvc = example.asyncService();
        out.println("Applying " + file.normalize() + " to namespace " + NAMESPACE + ": AsyncService "
                + asvc.getMetadata().getName() + " and " + example.secrets().size() + " Secret(s)");
        example.secrets().forEach(s -> client.resource(s).create());
        client.resource(asvc).create();

        Deployment deployment = awaitDeployment(client, asvc.getMetadata().getName(), Duration.ofSeconds(60));
        out.println();
        out.println("# The Deployment the operator rendered:");
        out.println(Serialization.asYaml(deployment));
        AsyncService reconciled = client.resources(AsyncService.class).inNamespace(NAMESPACE)
                .withName(asvc.getMetadata().getName()).get();
        out.println("# The AsyncService's status (no pods run on a mock API server, so Ready stays False):");
        out.println(Serialization.asYaml(reconciled.getStatus()));
    }

    private static Deployment awaitDeployment(KubernetesClient client, String name, Duration timeout) {
        Instant deadline = Instant.now().plus(timeout);
        while (Instant.now().isBefore(deadline)) {
            Deployment d = client.apps().deployments().inNamespace(NAMESPACE).withName(name).get();
            AsyncService a = client.resources(AsyncService.class).inNamespace(NAMESPACE).withName(name).get();
            if (d != null && a != null && a.getStatus() != null && !a.getStatus().getConditions().isEmpty()) {
                return d;
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for the Deployment", e);
            }
        }
        throw new IllegalStateException("no Deployment " + NAMESPACE + "/" + name + " after " + timeout.toSeconds()
                + "s; see the operator's log above");
    }
}
