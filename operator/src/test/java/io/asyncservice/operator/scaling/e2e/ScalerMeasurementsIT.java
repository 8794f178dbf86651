package io.asyncservice.operator.scaling.e2e;

import static io.asyncservice.operator.scaling.e2e.ScalerFixtures.broker;
import static org.awaitility.Awaitility.await;

import io.asyncservice.api.v1alpha1.AsyncService;
import io.asyncservice.api.v1alpha1.AutoscalingSpec;
import io.asyncservice.api.v1alpha1.SqsSpec;
import io.asyncservice.operator.AsyncServiceOperator;
import io.asyncservice.operator.MockCluster;
import io.asyncservice.testing.EmbeddedSqs;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * Measures, prints, asserts nothing: the time from the first message to one replica at the default pollingInterval,
 * the broker reads per AsyncService per minute, and the CPU the operator (reconciler and scaler, this process) uses
 * while following many AsyncServices. The mock API server and ElasticMQ run in a separate process so that the CPU
 * is the operator's alone.
 * Opt in: {@code -Dscaler.measure=true} (and {@code -Dscaler.measure.services=1000}).
 */
@EnabledIfSystemProperty(named = "scaler.measure", matches = "true")
class ScalerMeasurementsIT {

    private static final String NS = "measure";
    private static Process cluster;
    private static KubernetesClient client;
    private static SqsClient sqs;
    private static String sqsEndpoint;
    private static AsyncServiceOperator operator;

    @BeforeAll
    static void startClusterProcess() throws Exception {
        ((ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME))
                .setLevel(ch.qos.logback.classic.Level.INFO);
        String java = ProcessHandle.current().info().command().orElse("java");
        cluster = new ProcessBuilder(java, "-Xmx1g", "-cp", System.getProperty("java.class.path"), MockApiAndSqsServer.class.getName())
                .redirectErrorStream(true).start();
        BufferedReader out = new BufferedReader(new InputStreamReader(cluster.getInputStream(), StandardCharsets.UTF_8));
        String line;
        while ((line = out.readLine()) != null && !line.startsWith("READY ")) {
            // skip startup logs
        }
        if (line == null) {
            throw new IllegalStateException("the cluster process ended before it was ready");
        }
        Thread drain = new Thread(() -> out.lines().forEach(l -> { }), "cluster-output");
        drain.setDaemon(true);
        drain.start();
        String[] ports = line.split(" ");
        Config config = new ConfigBuilder().withMasterUrl("http://127.0.0.1:" + ports[1]).withNamespace(NS).withTrustCerts(true)
                .withRequestTimeout(30_000).build();
        client = new KubernetesClientBuilder().withConfig(config).build();
        sqsEndpoint = "http://127.0.0.1:" + ports[2];
        sqs = SqsClient.builder().endpointOverride(URI.create(sqsEndpoint)).region(Region.of(EmbeddedSqs.REGION))
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("x", "x")))
                .httpClient(UrlConnectionHttpClient.create()).build();
    }

    private static void startOperator() {
        operator = AsyncServiceOperator.start(MockCluster.operatorConfig(), client);
    }

    @AfterAll
    static void stop() throws Exception {
        if (operator != null) {
            operator.close();
        }
        client.close();
        cluster.getOutputStream().close();
        cluster.waitFor(20, TimeUnit.SECONDS);
        cluster.destroy();
    }

    @Test
    void measure() throws Exception {
        int services = Integer.getInteger("scaler.measure.services", 1000);
        long started = System.nanoTime();
        List<String> queues = createServices(services);
        System.out.printf("[measure] created %d AsyncServices and queues in %.1f s%n", services, seconds(started));
        started = System.nanoTime();
        startOperator();
        System.out.printf("[measure] operator started in %.1f s%n", seconds(started));
        await().atMost(Duration.ofMinutes(10)).pollInterval(Duration.ofSeconds(2)).until(() ->
                client.apps().deployments().inNamespace(NS).list().getItems().size() == services);
        System.out.printf("[measure] the operator rendered all %d Deployments after %.1f s%n", services, seconds(started));
        await().atMost(Duration.ofMinutes(10)).pollInterval(Duration.ofSeconds(2)).until(() -> readCount() >= 2L * services);
        System.out.printf("[measure] the scaler had read %d backlogs after %.1f s%n", readCount(), seconds(started));
        await().atMost(Duration.ofMinutes(10)).pollInterval(Duration.ofSeconds(2)).until(() ->
                client.resources(AsyncService.class).inNamespace(NS).list().getItems().stream().allMatch(a -> a.getStatus() != null
                        && a.getStatus().getConditions().stream().anyMatch(c -> "BacklogAvailable".equals(c.getType()))));
        System.out.printf("[measure] every AsyncService had BacklogAvailable after %.1f s; apply queue %s%n", seconds(started),
                metric("asyncservice_scaler_queued{stage=\"apply\""));
        Thread.sleep(10_000);

        // Steady state: reads per service per minute and CPU of this process over a window.
        Duration window = Duration.ofSeconds(Integer.getInteger("scaler.measure.window", 60));
        var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        long cpu0 = os.getProcessCpuTime();
        long reads0 = readCount();
        long t0 = System.nanoTime();
        Thread.sleep(window.toMillis());
        double elapsed = seconds(t0);
        double cpuSeconds = (os.getProcessCpuTime() - cpu0) / 1e9;
        long reads = readCount() - reads0;
        System.out.printf("[measure] %d services, default pollingInterval 5s, window %.0f s: %.1f backlog reads per service per minute "
                        + "(SQS: one GetQueueAttributes each); process CPU %.1f s = %.1f%% of one core; heap used %d MiB%n",
                services, elapsed, reads / (double) services / (elapsed / 60.0), cpuSeconds, 100 * cpuSeconds / elapsed,
                (Runtime.getRuntime().totalMemory() - Runtime.getRuntime().freeMemory()) >> 20);
        System.out.printf("[measure] %s; %s; %s%n", metric("asyncservice_scaler_queued{stage=\"apply\""),
                metric("asyncservice_scaler_queued{stage=\"read\""), metric("asyncservice_scaler_backlog_reads_seconds_max"));

        // Wake-up latency at the default pollingInterval: one message on idle services, time to one replica.
        int probes = Math.min(10, services);
        List<Double> latencies = new ArrayList<>();
        var done = ConcurrentHashMap.<Integer>newKeySet();
        long[] sentAt = new long[probes];
        for (int i = 0; i < probes; i++) {
            int n = i;
            sentAt[i] = System.nanoTime();
            sqs.sendMessage(b -> b.queueUrl(queues.get(n)).messageBody("wake up"));
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (done.size() < probes && System.nanoTime() < deadline) {
            for (int i = 0; i < probes; i++) {
                if (!done.contains(i)) {
                    Integer r = client.apps().deployments().inNamespace(NS).withName("svc-" + i).get().getSpec().getReplicas();
                    if (r != null && r >= 1) {
                        done.add(i);
                        latencies.add((System.nanoTime() - sentAt[i]) / 1e9);
                    }
                }
            }
            Thread.sleep(50);
        }
        latencies.sort(Double::compare);
        if (latencies.isEmpty()) {
            System.out.printf("[measure] no probe reached one replica within 120 s; %s%n", metric("asyncservice_scaler_queued{stage=\"apply\""));
            return;
        }
        System.out.printf("[measure] first message to replicas=1 at pollingInterval 5s over %d services: min %.2f s, median %.2f s, "
                        + "max %.2f s (with %d services followed)%n", latencies.size(), latencies.get(0),
                latencies.get(latencies.size() / 2), latencies.get(latencies.size() - 1), services);
    }

    private static String metric(String prefix) throws Exception {
        return scrape().lines().filter(l -> l.startsWith(prefix)).findFirst().orElse(prefix + " (absent)");
    }

    private static String scrape() throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + operator.httpPort() + "/metrics")).build(), HttpResponse.BodyHandlers.ofString()).body();
    }

    /** The operator's own count of SQS backlog reads, from its /metrics endpoint as Prometheus would scrape it. */
    private static long readCount() throws Exception {
        return scrape().lines()
                .filter(l -> l.startsWith("asyncservice_scaler_backlog_reads_seconds_count{") && l.contains("broker=\"sqs\""))
                .mapToLong(l -> (long) Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1)))
                .sum();
    }

    private static List<String> createServices(int count) throws Exception {
        List<String> queues = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            queues.add(null);
        }
        ExecutorService pool = Executors.newFixedThreadPool(8);
        for (int i = 0; i < count; i++) {
            int n = i;
            pool.submit(() -> {
                String name = "svc-" + n;
                String queueUrl = sqs.createQueue(b -> b.queueName(name)).queueUrl();
                queues.set(n, queueUrl);
                SqsSpec in = new SqsSpec();
                in.setQueueUrl(queueUrl);
                in.setEndpoint(sqsEndpoint);
                in.setRegion(EmbeddedSqs.REGION);
                AsyncService asvc = ScalerFixtures.asyncService(NS, name, broker(b -> b.setSqs(in)), null);
                asvc.getSpec().setAutoscaling(new AutoscalingSpec());
                client.resource(asvc).create();
                return null;
            });
        }
        pool.shutdown();
        pool.awaitTermination(10, TimeUnit.MINUTES);
        return queues;
    }

    private static double seconds(long since) {
        return (System.nanoTime() - since) / 1e9;
    }
}
