package io.asyncservice.deploy.cluster;

import static io.asyncservice.deploy.cluster.Forbidden.assertForbidden;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.asyncservice.api.v1alpha1.AsyncService;
import io.asyncservice.api.v1alpha1.AutoscalingSpec;
import io.asyncservice.api.v1alpha1.SqsSpec;
import io.asyncservice.deploy.Chart;
import io.asyncservice.testing.EmbeddedSqs;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.api.model.coordination.v1.LeaseBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.model.Message;

/**
 * The chart's RBAC is enough for the real operator, and no more, on a real API server that enforces it. Each test
 * renders the chart with {@code helm template}, creates its ServiceAccount, (Cluster)Roles and bindings as they are,
 * and runs the operator in this JVM as that ServiceAccount (a TokenRequest token) with the chart's environment:
 * server-side apply on, its production default. What the operator writes must then appear; calls the chart does not
 * grant must be refused with 403. Between them the tests make every call of {@code RbacTest}'s table for watched
 * namespaces: the controller's, the Event recorder's (create, and get and patch of a repeated Event), the reads of
 * referenced Secrets by name (a list of Secrets is refused: there is no Secret informer), and the scaler's (a Secret
 * get, a replicas patch, a status patch, Events, and before a scale-in a list of the Pods and a patch of each one's
 * deletion cost).
 *
 * <p>Leader election is off here (one replica, as the chart allows): a JOSDK leader exits its JVM when it stops. The
 * Lease Role is exercised by {@link LeaderElectionIT}, with operators in child JVMs.
 */
class OperatorRbacIT {

    private static final String[] ONE_REPLICA = {"--set", "leaderElection.enabled=false", "--set", "replicas=1"};

    private final KubernetesClient admin = Cluster.admin();

    @BeforeAll
    static void crd() {
        AsyncServiceCrd.ensureInstalled(Cluster.admin());
    }

    @Test
    void clusterWideRbacLetsTheOperatorReconcileAnyNamespaceButNotDeleteOrTouchOtherKinds() {
        String operatorNamespace = Cluster.createNamespace("rbac-all-operator");
        String apps = Cluster.createNamespace("rbac-all-apps");
        Release release = new Release("rbac-all", operatorNamespace);
        Chart.Rendered chart = release.template(ONE_REPLICA);
        List<HasMetadata> rbac = ChartRbac.apply(admin, chart);
        try (InProcessOperator operator = InProcessOperator.start(chart, operatorNamespace)) {
            SqsExample.apply(admin, apps);
            Reconciliation.assertReconciled(admin, apps);

            // A spec change reaches the Deployment: a second apply, and the status follows the new generation.
            admin.resources(AsyncService.class).inNamespace(apps).withName(SqsExample.NAME).edit(a -> {
                a.getSpec().setReplicas(3);
                return a;
            });
            Reconciliation.awaitDeployment(admin, apps, d -> d.getSpec().getReplicas() == 3);
            Reconciliation.awaitStatus(admin, apps, a -> a.getStatus().getObservedGeneration() == 2L);

            KubernetesClient asOperator = operator.client();
            assertForbidden("delete the chart's own ClusterRole",
                    () -> asOperator.rbac().clusterRoles().withName(release.fullname()).delete());
            assertForbidden("delete a Deployment (the garbage collector does)",
                    () -> asOperator.apps().deployments().inNamespace(apps).withName(SqsExample.NAME).delete());
            assertThat(asOperator.pods().inNamespace(apps).list().getItems())
                    .as("list Pods, for the scaler's scale-in").isNotNull();
            assertForbidden("get a Pod (list and patch only: the operator caches no Pod)",
                    () -> asOperator.pods().inNamespace(apps).withName("anything").get());
            assertForbidden("delete a Pod", () -> asOperator.pods().inNamespace(apps).withName("anything").delete());
            assertThat(asOperator.secrets().inNamespace(apps).withName(SqsExample.SECRET).get())
                    .as("get of a referenced Secret, by name").isNotNull();
            assertForbidden("list Secrets of a namespace (get only: the operator caches no Secret)",
                    () -> asOperator.secrets().inNamespace(apps).list());
            assertForbidden("list Secrets of every namespace", () -> asOperator.secrets().inAnyNamespace().list());
            assertForbidden("label a Secret", () -> asOperator.secrets().inNamespace(apps).withName(SqsExample.SECRET)
                    .edit(s -> new SecretBuilder(s).editMetadata().addToLabels("touched", "yes").endMetadata().build()));
            assertForbidden("create a Lease (no leader election, no Lease Role)",
                    () -> asOperator.leases().inNamespace(operatorNamespace).resource(lease("x")).create());
        } finally {
            ChartRbac.deleteClusterScoped(admin, rbac);
        }
    }

    @Test
    void namespacedRbacLetsTheOperatorReconcileItsNamespacesAndNothingElse() {
        String operatorNamespace = Cluster.createNamespace("rbac-ns-operator");
        String watched = Cluster.createNamespace("rbac-ns-watched");
        String unwatched = Cluster.createNamespace("rbac-ns-unwatched");
        Release release = new Release("rbac-ns", operatorNamespace);
        Chart.Rendered chart = release.template(concat(ONE_REPLICA, "--set", "watchNamespaces={" + watched + "}"));
        List<HasMetadata> rbac = ChartRbac.apply(admin, chart);
        assertThat(rbac).noneMatch(o -> o.getKind().startsWith("Cluster"));
        try (InProcessOperator operator = InProcessOperator.start(chart, operatorNamespace)) {
            // The AsyncService before its Secret: SecretNotFound, and once more after a spec change, counted on the
            // same Event (get, then patch).
            SqsExample.create(admin, watched, SqsExample.asyncService());
            Reconciliation.awaitStatus(admin, watched, a -> "False".equals(status(a, "Valid")));
            admin.resources(AsyncService.class).inNamespace(watched).withName(SqsExample.NAME).edit(a -> {
                a.getSpec().setReplicas(1);
                return a;
            });
            await("the SecretNotFound Event counted twice").atMost(Reconciliation.TIMEOUT)
                    .pollInterval(Duration.ofMillis(200))
                    .until(() -> Reconciliation.events(admin, watched).stream()
                            .filter(e -> "SecretNotFound".equals(e.getReason())).map(Event::getCount)
                            .anyMatch(count -> count != null && count >= 2));

            // The Secret arrives: the AsyncService, which waits for it, reads it by name at its next look (15 s).
            SqsExample.create(admin, watched, SqsExample.secret());
            Deployment deployment = Reconciliation.assertReconciled(admin, watched);
            assertThat(deployment.getSpec().getReplicas()).isEqualTo(1);

            KubernetesClient asOperator = operator.client();
            assertThat(asOperator.secrets().inNamespace(watched).withName(SqsExample.SECRET).get())
                    .as("get of a referenced Secret in the watched namespace").isNotNull();
            assertForbidden("list Secrets even in the watched namespace (get only: the operator caches no Secret)",
                    () -> asOperator.secrets().inNamespace(watched).list());
            assertForbidden("list Secrets of a namespace it does not watch",
                    () -> asOperator.secrets().inNamespace(unwatched).list());
            assertForbidden("get a Secret of a namespace it does not watch",
                    () -> asOperator.secrets().inNamespace(unwatched).withName("anything").get());
            assertForbidden("list AsyncServices in all namespaces",
                    () -> asOperator.resources(AsyncService.class).inAnyNamespace().list());
            assertForbidden("create a Deployment in a namespace it does not watch",
                    () -> asOperator.apps().deployments().inNamespace(unwatched).resource(intruder()).create());
            assertForbidden("delete a ClusterRole", () -> asOperator.rbac().clusterRoles().withName("admin").delete());
        } finally {
            ChartRbac.deleteClusterScoped(admin, rbac);
        }
    }

    @Test
    void theScalerFollowsABacklogWithTheChartsRbac() {
        EmbeddedSqs sqs = EmbeddedSqs.shared();
        String queueUrl = sqs.createQueue(Cluster.uniqueName("rbac-scaler-jobs"));
        String operatorNamespace = Cluster.createNamespace("rbac-scaler-operator");
        String apps = Cluster.createNamespace("rbac-scaler-apps");
        Release release = new Release("rbac-scaler", operatorNamespace);
        Chart.Rendered chart = release.template(concat(ONE_REPLICA, "--set", "watchNamespaces={" + apps + "}"));
        List<HasMetadata> rbac = ChartRbac.apply(admin, chart);
        try (InProcessOperator operator = InProcessOperator.start(chart, operatorNamespace)) {
            for (int i = 0; i < 25; i++) {
                String body = "job " + i;
                sqs.client().sendMessage(b -> b.queueUrl(queueUrl).messageBody(body));
            }
            SqsExample.create(admin, apps, new SecretBuilder(SqsExample.secret()).withStringData(Map.of(
                    "AWS_ACCESS_KEY_ID", EmbeddedSqs.ACCESS_KEY, "AWS_SECRET_ACCESS_KEY", EmbeddedSqs.SECRET_KEY))
                    .build());
            SqsExample.create(admin, apps, autoscaledOn(queueUrl, sqs.endpoint()));

            Reconciliation.awaitDeployment(admin, apps, d -> Integer.valueOf(3).equals(d.getSpec().getReplicas()));
            AsyncService scaled = Reconciliation.awaitStatus(admin, apps,
                    a -> Long.valueOf(25).equals(a.getStatus().getBacklog()));
            assertThat(scaled.getStatus().getDesiredReplicas()).isEqualTo(3);
            await("a Scaled Event").atMost(Reconciliation.TIMEOUT).pollInterval(Duration.ofMillis(200))
                    .until(() -> Reconciliation.events(admin, apps).stream()
                            .anyMatch(e -> "Scaled".equals(e.getReason())
                                    && e.getMessage().startsWith("Scaled from 0 to 3")));

            // Scale-in: 15 of the 25 done, 10 in flight ask for one replica. First the scaler lists the Pods and
            // patches their deletion cost; with no kubelet they have no IP, so none can be read and each counts as
            // busy. The Pod the ReplicaSet controller keeps shows the patch.
            await("three Pods").atMost(Reconciliation.TIMEOUT).until(() -> admin.pods().inNamespace(apps).list().getItems().size() == 3);
            List<Message> received = new ArrayList<>();
            await("all 25 received").atMost(Reconciliation.TIMEOUT).until(() -> {
                received.addAll(sqs.client().receiveMessage(b -> b.queueUrl(queueUrl).maxNumberOfMessages(10)
                        .visibilityTimeout(120)).messages());
                return received.size() >= 25;
            });
            received.subList(0, 15).forEach(m -> sqs.client().deleteMessage(b -> b.queueUrl(queueUrl)
                    .receiptHandle(m.receiptHandle())));
            Reconciliation.awaitDeployment(admin, apps, d -> Integer.valueOf(1).equals(d.getSpec().getReplicas()));
            await("the kept Pod carries the scaler's deletion cost").atMost(Reconciliation.TIMEOUT)
                    .pollInterval(Duration.ofMillis(200))
                    .until(() -> admin.pods().inNamespace(apps).list().getItems().stream()
                            .filter(p -> p.getMetadata().getDeletionTimestamp() == null)
                            .map(p -> p.getMetadata().getAnnotations() == null ? null
                                    : p.getMetadata().getAnnotations().get("controller.kubernetes.io/pod-deletion-cost"))
                            .toList(), costs -> costs.equals(List.of(Integer.toString(Integer.MAX_VALUE))));
        } finally {
            ChartRbac.deleteClusterScoped(admin, rbac);
            sqs.deleteQueue(queueUrl);
        }
    }

    /** The example, autoscaled on a queue of the in-JVM SQS server (ElasticMQ), polled every second. */
    private static AsyncService autoscaledOn(String queueUrl, String endpoint) {
        AsyncService asvc = SqsExample.asyncService();
        SqsSpec in = asvc.getSpec().getInput().getSqs();
        in.setQueueUrl(queueUrl);
        in.setEndpoint(endpoint);
        in.setRegion(EmbeddedSqs.REGION);
        asvc.getSpec().setOutput(null);
        asvc.getSpec().setReplicas(null);
        AutoscalingSpec autoscaling = new AutoscalingSpec();
        autoscaling.setMinReplicas(0);
        autoscaling.setMaxReplicas(5);
        autoscaling.setTargetBacklogPerReplica(10);
        autoscaling.setPollingInterval("1s");
        autoscaling.setScaleDownStabilization("1s");
        asvc.getSpec().setAutoscaling(autoscaling);
        return asvc;
    }

    private static String status(AsyncService asvc, String condition) {
        var c = Reconciliation.condition(asvc, condition);
        return c == null ? null : c.getStatus();
    }

    private static Lease lease(String name) {
        return new LeaseBuilder().withNewMetadata().withName(name).endMetadata().build();
    }

    private static Deployment intruder() {
        return new DeploymentBuilder()
                .withNewMetadata().withName("intruder").endMetadata()
                .withNewSpec().withNewSelector().addToMatchLabels("app", "intruder").endSelector()
                .withNewTemplate().withNewMetadata().addToLabels("app", "intruder").endMetadata()
                .withNewSpec().addNewContainer().withName("c").withImage("busybox").endContainer().endSpec()
                .endTemplate().endSpec().build();
    }

    private static String[] concat(String[] first, String... more) {
        String[] all = Arrays.copyOf(first, first.length + more.length);
        System.arraycopy(more, 0, all, first.length, more.length);
        return all;
    }
}
