package io.asyncservice.sandbox;

import io.asyncservice.sandbox.api.SandboxApiServer;
import io.asyncservice.sandbox.pods.LocalPodRunner;
import io.asyncservice.sandbox.pods.PodRunnerSettings;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The whole system on one machine, minus the broker: the sandbox Kubernetes API with the AsyncService CRD, the pod
 * runner, and the real operator. Closing it stops the operator first (so nothing rescales while pods stop), then
 * every pod with its drain sequence, then the API.
 */
public final class Sandbox implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Sandbox.class);

    private final SandboxApiServer api;
    private final KubernetesClient client;
    private final LocalPodRunner runner;
    private final OperatorProcess operator;
    private final Path kubeconfig;

    private Sandbox(SandboxApiServer api, KubernetesClient client, LocalPodRunner runner, OperatorProcess operator,
            Path kubeconfig) {
        this.api = api;
        this.client = client;
        this.runner = runner;
        this.operator = operator;
        this.kubeconfig = kubeconfig;
    }

    /**
     * @param workDir where the kubeconfig, the operator's log and the pods' directories go
     * @param apiPort the API's port; 0 picks a free one
     */
    public static Sandbox start(Path workDir, int apiPort, PodRunnerSettings pods) {
        createDirectories(workDir);
        SandboxApiServer api = SandboxApiServer.start(apiPort);
        KubernetesClient client = null;
        LocalPodRunner runner = null;
        try {
            api.installAsyncServiceCrd();
            Path kubeconfig = api.writeKubeconfig(workDir.resolve("kubeconfig"));
            client = api.newClient();
            runner = LocalPodRunner.start(client, pods);
            api.servePodLogs(runner);
            OperatorProcess operator = OperatorProcess.start(kubeconfig, workDir.resolve("operator.log"),
                    Duration.ofMinutes(2));
            return new Sandbox(api, client, runner, operator, kubeconfig);
        } catch (RuntimeException e) {
            if (runner != null) {
                runner.close();
            }
            if (client != null) {
                client.close();
            }
            api.close();
            throw e;
        }
    }

    public SandboxApiServer api() {
        return api;
    }

    /** A client of the sandbox API, namespace {@code default}; owned by the sandbox. */
    public KubernetesClient client() {
        return client;
    }

    public LocalPodRunner pods() {
        return runner;
    }

    public OperatorProcess operator() {
        return operator;
    }

    public Path kubeconfig() {
        return kubeconfig;
    }

    @Override
    public void close() {
        LOG.info("Sandbox stopping: operator, then pods (with drain), then the API");
        try {
            operator.close();
        } finally {
            try {
                runner.close();
            } finally {
                client.close();
                api.close();
            }
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
