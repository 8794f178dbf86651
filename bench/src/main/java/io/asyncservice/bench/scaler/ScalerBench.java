package io.asyncservice.bench.scaler;

import io.asyncservice.bench.proc.ChildProcesses;
import io.asyncservice.bench.proc.ProcessMeter;
import io.asyncservice.bench.report.ScalerRow;
import io.asyncservice.bench.report.Summary;
import io.asyncservice.sandbox.api.SandboxApiServer;
import io.asyncservice.testing.EmbeddedSqs;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * The operator following {@code services} autoscaled AsyncServices, each with its own SQS queue: the sandbox's mock
 * Kubernetes API and ElasticMQ run in the bench JVM, the operator in its own. Measured: the time to render every
 * Deployment, the operator's CPU and RSS over a steady window, its backlog reads per minute, and the time from one
 * message on an idle service to its Deployment at one replica, on randomly chosen services.
 */
public final class ScalerBench {

    private static final Logger LOG = LoggerFactory.getLogger(ScalerBench.class);
    private static final String NAMESPACE = SandboxApiServer.DEFAULT_NAMESPACE;
    private static final Duration SETUP_TIMEOUT = Duration.ofMinutes(10);

    private final Path logDir;

    public ScalerBench(Path logDir) {
        this.logDir = logDir;
    }

    public ScalerRow run(int services, Duration window, int probes) {
        try (SandboxApiServer api = SandboxApiServer.start(0);
             EmbeddedSqs sqs = EmbeddedSqs.start();
             KubernetesClient client = api.newClient()) {
            api.installAsyncServiceCrd();
            List<String> queues = createServices(client, sqs, services);
            Path kubeconfig = api.writeKubeconfig(logDir.resolve("scaler-kubeconfig"));
            long started = System.nanoTime();
            try (OperatorUnderTest operator = OperatorUnderTest.start(kubeconfig, logDir.resolve("operator.log"))) {
                awaitUntil("every Deployment rendered", operator, () ->
                        client.apps().deployments().inNamespace(NAMESPACE).list().getItems().size() >= services);
                double renderSeconds = (System.nanoTime() - started) / 1e9;
                LOG.info("scaler: {} Deployments rendered {} s after the operator's start", services, renderSeconds);
                awaitUntil("a backlog read per service", operator, () -> operator.sqsBacklogReads() >= services);
                ChildProcesses.sleep(Math.min(5000, window.toMillis() / 2));

                ProcessMeter meter = operator.meter();
                long reads0 = operator.sqsBacklogReads();
                ProcessMeter.Window steady = meter.measure(window.toMillis() / 1000.0, () -> { });
                long reads = operator.sqsBacklogReads() - reads0;
                double readsPerMinute = reads / steady.seconds() * 60;
                LOG.info("scaler: steady window {} s: {} cores, RSS {} MiB, {} reads/min", steady.seconds(),
                        steady.cores(), steady.rssMiB(), readsPerMinute);

                Summary wakeUp = wakeUp(client, sqs.client(), queues, probes, operator);
                return new ScalerRow(services, renderSeconds, steady.seconds(), steady.cores(), steady.rssMiB(),
                        meter.sample().peakRssMiB(), readsPerMinute, ScaledServices.defaultPollingSeconds(), wakeUp,
                        Math.min(probes, services));
            }
        }
    }

    private List<String> createServices(KubernetesClient client, EmbeddedSqs sqs, int services) {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<String>> futures = new ArrayList<>();
            for (int i = 0; i < services; i++) {
                String name = ScaledServices.name(i);
                futures.add(pool.submit(() -> {
                    String url = sqs.createQueue(name);
                    client.resource(ScaledServices.asyncService(NAMESPACE, name, url, sqs.endpoint())).create();
                    return url;
                }));
            }
            List<String> urls = new ArrayList<>();
            for (Future<String> f : futures) {
                urls.add(f.get(5, TimeUnit.MINUTES));
            }
            LOG.info("scaler: created {} AsyncServices and SQS queues", services);
            return urls;
        } catch (Exception e) {
            throw new IllegalStateException("could not create the AsyncServices", e);
        } finally {
            pool.shutdownNow();
        }
    }

    /** One message each on {@code probes} random idle services, all at once; seconds until each has one replica. */
    private Summary wakeUp(KubernetesClient client, SqsClient sqs, List<String> queues, int probes,
            OperatorUnderTest operator) {
        List<Integer> indexes = new ArrayList<>();
        for (int i = 0; i < queues.size(); i++) {
            indexes.add(i);
        }
        long seed = System.nanoTime();
        Collections.shuffle(indexes, new Random(seed));
        List<Integer> chosen = indexes.subList(0, Math.min(probes, indexes.size()));
        LOG.info("scaler: waking up services {} (shuffle seed {})", chosen, seed);
        Map<Integer, Long> sentAt = new HashMap<>();
        for (int i : chosen) {
            sentAt.put(i, System.nanoTime());
            sqs.sendMessage(b -> b.queueUrl(queues.get(i)).messageBody("{\"wake\":\"up\"}"));
        }
        List<Double> seconds = new ArrayList<>();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!sentAt.isEmpty() && System.nanoTime() < deadline) {
            operator.requireAlive();
            for (var it = sentAt.entrySet().iterator(); it.hasNext(); ) {
                var e = it.next();
                Deployment d = client.apps().deployments().inNamespace(NAMESPACE).withName(ScaledServices.name(e.getKey())).get();
                Integer replicas = d == null ? null : d.getSpec().getReplicas();
                if (replicas != null && replicas >= 1) {
                    seconds.add((System.nanoTime() - e.getValue()) / 1e9);
                    it.remove();
                }
            }
            ChildProcesses.sleep(25);
        }
        if (!sentAt.isEmpty()) {
            LOG.warn("scaler: {} services did not reach one replica within 60 s: {}", sentAt.size(), sentAt.keySet());
        }
        return Summary.of(seconds);
    }

    private static void awaitUntil(String what, OperatorUnderTest operator, java.util.function.BooleanSupplier done) {
        long deadline = System.nanoTime() + SETUP_TIMEOUT.toNanos();
        while (!done.getAsBoolean()) {
            operator.requireAlive();
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("not reached within " + SETUP_TIMEOUT + ": " + what + "; see " + operator.log());
            }
            ChildProcesses.sleep(500);
        }
    }

}
