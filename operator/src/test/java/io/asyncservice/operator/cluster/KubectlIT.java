package io.asyncservice.operator.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.asyncservice.api.v1alpha1.AsyncService;
import io.asyncservice.operator.TestFixtures;
import io.fabric8.kubernetes.api.model.autoscaling.v1.Scale;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * What a user sees and does with kubectl: the printer columns, {@code kubectl scale} through the scale subresource
 * (which an HPA uses too), and {@code kubectl explain} from the CRD's schema.
 */
class KubectlIT extends AbstractClusterIT {


    @Override
    protected String namespacePrefix() {
        return "asvc-kubectl";
    }

    @Test
    void kubectlGetPrintsReadyReplicasBacklogAndAge() {
        ns.createWithSecrets(TestFixtures.sqs(ns.name(), "summarizer"));
        ns.awaitStatus("summarizer", a -> a.getStatus().getReplicas() == 2);

        Kubectl.Result get = ns.kubectl("get", "asvc");

        assertThat(get.ok()).as(get.toString()).isTrue();
        Map<String, String> row = columns(get.stdout()).get(0);
        // The CRD generator orders the columns by name, so AGE is not last as kubectl users expect (reported).
        assertThat(row).containsOnlyKeys("NAME", "READY", "REPLICAS", "BACKLOG", "AGE");
        assertThat(row).containsEntry("NAME", "summarizer").containsEntry("READY", "False")
                .containsEntry("REPLICAS", "2").containsEntry("BACKLOG", "");
        assertThat(row.get("AGE")).matches("\\d+s");
    }

    @Test
    void kubectlScaleGoesThroughTheScaleSubresourceAndTheDeploymentFollows() {
        ns.createWithSecrets(TestFixtures.sqs(ns.name(), "summarizer"));
        ns.awaitDeployment("summarizer", d -> d.getSpec().getReplicas() == 2);

        Kubectl.Result scale = ns.kubectl("scale", "asvc/summarizer", "--replicas=3");

        assertThat(scale.ok()).as(scale.toString()).isTrue();
        assertThat(scale.stdout()).contains("asyncservice.asyncservice.io/summarizer scaled");
        assertThat(ns.asyncService("summarizer").getSpec().getReplicas()).isEqualTo(3);
        ns.awaitDeployment("summarizer", d -> d.getSpec().getReplicas() == 3);
        // What an HPA reads: the replicas, and a selector that finds exactly this AsyncService's pods.
        Scale subresource = await().atMost(TestNamespace.TIMEOUT).until(this::scaleSubresource,
                s -> s.getStatus().getReplicas() == 3);
        assertThat(subresource.getSpec().getReplicas()).isEqualTo(3);
        assertThat(subresource.getStatus().getSelector()).isEqualTo("asyncservice.io/name=summarizer");
        Kubectl.Result pods = ns.kubectl("get", "pods", "-l", subresource.getStatus().getSelector(), "-o", "name");
        assertThat(pods.stdout().lines()).hasSize(3);
    }

    @Test
    void kubectlScaleOfAnAutoscaledAsyncServiceIsRefused() {
        AsyncService asvc = ServerSideApplyIT.autoscaled(ns.name(), "summarizer", 1, 4);
        ns.createWithSecrets(asvc);

        Kubectl.Result scale = ns.kubectl("scale", "asvc/summarizer", "--replicas=3");

        assertThat(scale.exitCode()).as(scale.toString()).isEqualTo(1);
        assertThat(scale.stderr()).contains("set either replicas or autoscaling, not both");
        assertThat(ns.asyncService("summarizer").getSpec().getReplicas()).isNull();
    }

    @Test
    void kubectlExplainDescribesTheFieldsFromTheSchema() {
        Kubectl.Result input = cluster.kubectl().run("explain", "asyncservice.spec.input");
        Kubectl.Result minReplicas = cluster.kubectl().run("explain", "asvc.spec.autoscaling.minReplicas");

        assertThat(input.ok()).as(input.toString()).isTrue();
        assertThat(oneLine(input.stdout())).contains("KIND: AsyncService", "FIELD: input <Object>",
                "The queue the work comes from. Exactly one broker kind.");
        assertThat(input.stdout().lines().map(String::strip))
                .anyMatch(l -> l.startsWith("amqp")).anyMatch(l -> l.startsWith("kafka"))
                .anyMatch(l -> l.startsWith("nats")).anyMatch(l -> l.startsWith("sqs"));
        assertThat(minReplicas.ok()).as(minReplicas.toString()).isTrue();
        assertThat(oneLine(minReplicas.stdout())).contains("FIELD: minReplicas <integer>",
                "The fewest replicas. 0 lets the service scale to zero when the queue is idle.");
    }

    /** kubectl explain wraps descriptions at 80 columns. */
    private static String oneLine(String text) {
        return text.replaceAll("\\s+", " ");
    }

    private Scale scaleSubresource() {
        Kubectl.Result raw = cluster.kubectl().run("get", "--raw",
                "/apis/asyncservice.io/v1alpha1/namespaces/" + ns.name() + "/asyncservices/summarizer/scale");
        assertThat(raw.ok()).as(raw.toString()).isTrue();
        return Serialization.unmarshal(raw.stdout(), Scale.class);
    }

    /** kubectl's table as one map per row, cut at the header's column starts (a cell may be empty). */
    private static List<Map<String, String>> columns(String table) {
        List<String> lines = table.lines().toList();
        String header = lines.get(0);
        List<Integer> starts = new java.util.ArrayList<>();
        for (int i = 0; i < header.length(); i++) {
            if (header.charAt(i) != ' ' && (i == 0 || header.charAt(i - 1) == ' ')) {
                starts.add(i);
            }
        }
        return lines.subList(1, lines.size()).stream().map(line -> {
            Map<String, String> row = new LinkedHashMap<>();
            for (int c = 0; c < starts.size(); c++) {
                int from = Math.min(starts.get(c), line.length());
                int to = c + 1 < starts.size() ? Math.min(starts.get(c + 1), line.length()) : line.length();
                row.put(header.substring(starts.get(c), c + 1 < starts.size() ? starts.get(c + 1) : header.length())
                        .strip(), line.substring(from, to).strip());
            }
            return row;
        }).toList();
    }
}
