package io.asyncservice.bench.scaler;

import io.asyncservice.bench.proc.ChildProcesses;
import io.asyncservice.bench.proc.ProcessMeter;
import io.asyncservice.bench.report.ScalerRow;
import io.asyncservice.bench.report.Summary;
import io.asyncservice.testing.EmbeddedSqs;
import io.asyncservice.testing.k8s.KubeControlPlane;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
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
 * The operator following {@code services} autoscaled AsyncServices, each with its own SQS queue, on a real Kubernetes
 * control plane of the bench's own ({@link KubeControlPlane}: kube-apiserver, etcd and kube-controller-manager as
 * child processes, with the committed AsyncService CRD installed). ElasticMQ runs in the bench JVM, the operator in its
 * own. There is no kubelet, so pods stay Pending; the bench measures the Deployments' {@code spec.replicas}, which is
 * what the scaler writes. Measured: the time to render every Deployment, the operator's CPU and RSS over a steady
 * window, its backlog reads per minute, and the time from one message on an idle service to its Deployment at one
 * replica, on randomly chosen services.
 */
public final class ScalerBench {

    private static final Logger LOG = LoggerFactory.getLogger(ScalerBench.class);
    private static final String NAMESPACE = "default";
    private static final Duration SETUP_TIMEOUT = Duration.ofMinutes(10);
    static final String CRD_NAME = "asyncservices.asyncservice.io";
    /** The committed CRD, relative to the checkout's root (./bench/run runs there). */
    static final Path CRD_FILE = Path.of("crds", "asyncservices.asyncservice.io-v1.yml");
    /** The same CRD in the crds jar, as its build generates it; used when the bench runs outside a checkout. */
    static final String CRD_RESOURCE = "META-INF/fabric8/asyncservices.asyncservice.io-v1.yml";
    /** Established takes the API server well under a second; the bound is for a loaded machine. */
    private static final Duration CRD_ESTABLISHED = Duration.ofSeconds(60);

    private final Path logDir;

    public ScalerBench(Path logDir) {
        this.logDir = logDir;
    }

    public ScalerRow run(int services, Duration window, int probes) {
        try (KubeControlPlane plane = KubeControlPlane.start(logDir.resolve("scaler-control-plane"));
             EmbeddedSqs sqs = EmbeddedSqs.start()) {
            KubernetesClient client = plane.adminClient(); // the plane's own: it closes it
            installCrd(client);
            List<String> queues = createServices(client, sqs, services);
            Path kubeconfig = plane.kubeconfigPath();
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

    /** Creates the committed AsyncService CRD and waits until the API server serves it (Established is True). */
    private static void installCrd(KubernetesClient client) {
        long t0 = System.nanoTime();
        client.apiextensions().v1().customResourceDefinitions().resource(committedCrd()).create();
        long deadline = t0 + CRD_ESTABLISHED.toNanos();
        while (!isEstablished(client.apiextensions().v1().customResourceDefinitions().withName(CRD_NAME).get())) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("CRD " + CRD_NAME + " not Established within " + CRD_ESTABLISHED);
            }
            ChildProcesses.sleep(100);
        }
        LOG.info("scaler: CRD {} Established {} s after its creation", CRD_NAME, (System.nanoTime() - t0) / 1e9);
    }

    private static boolean isEstablished(CustomResourceDefinition crd) {
        return crd != null && crd.getStatus() != null && crd.getStatus().getConditions() != null
                && crd.getStatus().getConditions().stream()
                .anyMatch(c -> "Established".equals(c.getType()) && "True".equals(c.getStatus()));
    }

    /**
     * {@code crds/asyncservices.asyncservice.io-v1.yml} of the checkout that holds the working directory; outside a
     * checkout, the identical copy in the crds jar (the crds module's tests keep the two equal).
     */
    static CustomResourceDefinition committedCrd() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path file = dir.resolve(CRD_FILE);
            if (Files.isRegularFile(file)) {
                try (InputStream in = Files.newInputStream(file)) {
                    return Serialization.unmarshal(in, CustomResourceDefinition.class);
                } catch (IOException e) {
                    throw new UncheckedIOException("cannot read " + file, e);
                }
            }
        }
        try (InputStream in = ScalerBench.class.getClassLoader().getResourceAsStream(CRD_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("no " + CRD_FILE + " in the working directory or above it, and no "
                        + CRD_RESOURCE + " on the classpath; run ./bench/run from the checkout");
            }
            return Serialization.unmarshal(in, CustomResourceDefinition.class);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
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
