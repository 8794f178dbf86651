package io.asyncservice.operator.scaling.e2e;

import static io.asyncservice.operator.TestAsyncServiceBuilder.asyncService;
import static io.asyncservice.operator.TestAsyncServiceBuilder.clusterAutoscaling;
import static io.asyncservice.operator.TestAsyncServiceBuilder.sqs;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import io.asyncservice.api.sidecar.SidecarContract;
import io.asyncservice.api.sidecar.SidecarLoad;
import io.asyncservice.api.v1alpha1.AsyncService;
import io.asyncservice.api.v1alpha1.SqsSpec;
import io.asyncservice.operator.cluster.TestNamespace;
import io.asyncservice.operator.model.Names;
import io.asyncservice.operator.scaling.scalein.ServicePod;
import io.asyncservice.testing.EmbeddedSqs;
import io.asyncservice.testing.FreePorts;
import io.asyncservice.testing.UniqueNames;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.model.Message;

/**
 * Busy-aware scale-in on a real API server and controller-manager: the operator (as the chart's ServiceAccount) scales
 * an SQS service from 3 to 2 and, before that, writes each Pod's deletion cost from its sidecar's {@code /load}; the
 * ReplicaSet controller then removes the idle Pod and keeps the busy and the unreadable ones.
 *
 * <p>There is no kubelet, so the Pods stay Pending; the test gives each an IP on its status, as a kubelet would, and
 * stands in for their sidecars with HTTP servers on those IPs (127.0.0.2 and 127.0.0.3, on the sidecar port of the
 * Pod spec) answering {@code /load} with the sidecar's JSON. The third Pod's IP, 127.0.0.4, has nothing listening.
 */
class ScaleInIT {

    private static final Duration AWAIT = Duration.ofSeconds(30);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final SidecarLoad BUSY = new SidecarLoad(2, 12.5, 40, false);
    private static final SidecarLoad IDLE = new SidecarLoad(0, 0, 120, false);

    private static ScalerCluster cluster;
    private static final EmbeddedSqs sqs = EmbeddedSqs.shared();

    private final List<HttpServer> sidecars = new ArrayList<>();
    private TestNamespace ns;

    @BeforeAll
    static void start() {
        cluster = ScalerCluster.start();
    }

    @AfterAll
    static void stop() {
        if (cluster != null) {
            cluster.close();
        }
    }

    @BeforeEach
    void namespace() {
        ns = cluster.namespace("scale-in");
    }

    @AfterEach
    void cleanUp() {
        sidecars.forEach(s -> s.stop(0));
        if (ns != null) {
            ns.close();
        }
    }

    @Test
    void theIdlePodIsRemovedFirstAndTheBusyAndUnreadableOnesStay() throws Exception {
        int sidecarPort = FreePorts.find();
        String queueUrl = sqs.createQueue(UniqueNames.of("it-scale-in"));
        try {
            cluster.create(service("jobs", queueUrl, sidecarPort), Map.of("aws",
                    Map.of("AWS_ACCESS_KEY_ID", EmbeddedSqs.ACCESS_KEY, "AWS_SECRET_ACCESS_KEY", EmbeddedSqs.SECRET_KEY)));
            await().atMost(AWAIT).until(() -> Integer.valueOf(0).equals(cluster.replicas(ns.name(), "jobs")));
            for (int i = 0; i < 25; i++) {
                int n = i;
                sqs.client().sendMessage(b -> b.queueUrl(queueUrl).messageBody("job " + n));
            }
            await().atMost(AWAIT).until(() -> Integer.valueOf(3).equals(cluster.replicas(ns.name(), "jobs")));
            List<Pod> pods = await().atMost(AWAIT).until(() -> pods("jobs"), p -> p.size() == 3);

            // Oldest first; the stale costs say the opposite of the truth, so only fresh ones make the idle pod go first.
            Pod busy = pods.get(0);
            Pod idle = pods.get(1);
            Pod silent = pods.get(2);
            assertThat(ServicePod.from(busy).sidecarPort()).as("the sidecar port of the pod spec").isEqualTo(sidecarPort);
            sidecar("127.0.0.2", sidecarPort, BUSY);
            sidecar("127.0.0.3", sidecarPort, IDLE);
            giveIp(busy, "127.0.0.2", "0");
            giveIp(idle, "127.0.0.3", "5000000");
            giveIp(silent, "127.0.0.4", null);

            // All 25 received, 10 finished: a backlog of 15 asks for 2 replicas.
            List<Message> received = receiveAll(queueUrl, 25);
            received.subList(0, 10).forEach(m -> sqs.client().deleteMessage(b -> b.queueUrl(queueUrl).receiptHandle(m.receiptHandle())));
            await().atMost(AWAIT).until(() -> Integer.valueOf(2).equals(cluster.replicas(ns.name(), "jobs")));

            await().atMost(AWAIT).untilAsserted(() -> assertThat(pods("jobs")).extracting(p -> p.getMetadata().getName())
                    .as("the ReplicaSet controller removed the idle pod")
                    .containsExactlyInAnyOrder(busy.getMetadata().getName(), silent.getMetadata().getName()));
            assertThat(costs("jobs")).containsExactlyInAnyOrderEntriesOf(Map.of(
                    busy.getMetadata().getName(), "2000013",
                    silent.getMetadata().getName(), Integer.toString(Integer.MAX_VALUE)));
        } finally {
            sqs.deleteQueue(queueUrl);
        }
    }

    private AsyncService service(String name, String queueUrl, int sidecarPort) {
        SqsSpec in = new SqsSpec();
        in.setQueueUrl(queueUrl);
        in.setEndpoint(sqs.endpoint());
        in.setRegion(EmbeddedSqs.REGION);
        in.setCredentialsSecret("aws");
        return asyncService(ns.name(), name).workerApp().sidecarPort(sidecarPort).input(sqs(in))
                .autoscaling(clusterAutoscaling()).build();
    }

    /** The service's pods that are not being deleted, oldest first. */
    private List<Pod> pods(String name) {
        return cluster.client().pods().inNamespace(ns.name()).withLabel(Names.LABEL_ASYNC_SERVICE, name).list().getItems()
                .stream()
                .filter(p -> p.getMetadata().getDeletionTimestamp() == null)
                .sorted(Comparator.comparing((Pod p) -> p.getMetadata().getCreationTimestamp())
                        .thenComparing(p -> p.getMetadata().getName()))
                .toList();
    }

    private Map<String, String> costs(String name) {
        return pods(name).stream().collect(Collectors.toMap(p -> p.getMetadata().getName(), p -> {
            Map<String, String> a = p.getMetadata().getAnnotations();
            return a == null ? "none" : a.getOrDefault(ServicePod.DELETION_COST_ANNOTATION, "none");
        }));
    }

    /**
     * What the kubelet would report, the pod's IP, on the status subresource; and, as the cluster admin, a stale
     * deletion cost left from an earlier scale-in.
     */
    private void giveIp(Pod pod, String ip, String staleCost) {
        cluster.client().pods().inNamespace(ns.name()).withName(pod.getMetadata().getName()).subresource("status")
                .patch(PatchContext.of(PatchType.STRATEGIC_MERGE),
                        "{\"status\":{\"podIP\":\"" + ip + "\",\"podIPs\":[{\"ip\":\"" + ip + "\"}]}}");
        if (staleCost != null) {
            cluster.client().pods().inNamespace(ns.name()).withName(pod.getMetadata().getName())
                    .patch(PatchContext.of(PatchType.JSON_MERGE), "{\"metadata\":{\"annotations\":{\""
                            + ServicePod.DELETION_COST_ANNOTATION + "\":\"" + staleCost + "\"}}}");
        }
    }

    /** A stand-in for one pod's sidecar admin port: {@code /load} answers as the sidecar's does. */
    private void sidecar(String ip, int port, SidecarLoad load) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getByName(ip), port), 16);
        byte[] body = JSON.writeValueAsString(load).getBytes(StandardCharsets.UTF_8);
        server.createContext(SidecarContract.LOAD_PATH, ex -> {
            ex.getResponseHeaders().set("Content-Type", "application/json");
            ex.sendResponseHeaders(200, body.length);
            try (OutputStream out = ex.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
        sidecars.add(server);
    }

    private static List<Message> receiveAll(String queueUrl, int count) {
        List<Message> received = new ArrayList<>();
        await().atMost(AWAIT).until(() -> {
            received.addAll(sqs.client().receiveMessage(b -> b.queueUrl(queueUrl).maxNumberOfMessages(10).visibilityTimeout(120))
                    .messages());
            return received.size() >= count;
        });
        return received;
    }
}
