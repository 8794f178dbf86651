package io.asyncservice.operator;

import io.asyncservice.operator.config.OperatorConfig;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The operator process. It reads {@link OperatorConfig} from the environment once, connects to the cluster the way
 * kubectl would (in-cluster service account, else kubeconfig), and runs until SIGTERM, when it stops reconciling
 * gracefully before exiting.
 */
public final class Main {

    private static final Logger LOG = LoggerFactory.getLogger(Main.class);

    private Main() {
    }

    public static void main(String[] args) throws InterruptedException {
        OperatorConfig config;
        try {
            config = OperatorConfig.fromEnv();
        } catch (IllegalArgumentException e) {
            LOG.error("Invalid configuration: {}", e.getMessage());
            System.exit(2);
            return;
        }
        KubernetesClient client = new KubernetesClientBuilder().build();
        run(config, client);
    }

    /** Runs the operator until the JVM is asked to stop; then stops it and closes the client. */
    public static void run(OperatorConfig config, KubernetesClient client) throws InterruptedException {
        AsyncServiceOperator operator = AsyncServiceOperator.start(config, client);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                operator.close();
                client.close();
            } finally {
                stopped.countDown();
            }
        }, "operator-shutdown"));
        stopped.await();
    }
}
