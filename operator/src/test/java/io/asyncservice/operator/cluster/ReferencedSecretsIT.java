package io.asyncservice.operator.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.asyncservice.operator.TestFixtures;
import io.asyncservice.operator.model.Names;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.http.BasicBuilder;
import io.fabric8.kubernetes.client.http.HttpRequest;
import io.fabric8.kubernetes.client.http.Interceptor;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The operator holds no Secret that no AsyncService references, on a real API server with the chart's RBAC (get on
 * Secrets, no list or watch): every request its client sends is recorded, and none lists or watches Secrets, while
 * the referenced ones are read by name. A rotation of a referenced Secret still rolls the pods, within the maximum
 * reconciliation interval (shortened here to {@link #RECHECK}); a change to an unreferenced Secret does nothing.
 */
class ReferencedSecretsIT {

    private static final Duration RECHECK = Duration.ofSeconds(3);
    private static final String SECRETS_PATH = "/secrets";

    private static final List<String> requests = new CopyOnWriteArrayList<>();
    private static RealCluster cluster;
    private static RealCluster.RunningOperator operator;

    private TestNamespace ns;

    @BeforeAll
    static void startOperator() {
        cluster = RealCluster.shared();
        operator = cluster.startOperator(RealCluster.operatorConfig().withSecretRecheck(RECHECK), new Interceptor() {
            @Override
            public void before(BasicBuilder builder, HttpRequest request, RequestTags tags) {
                requests.add(request.method() + " " + request.uri());
            }
        });
    }

    @AfterAll
    static void stopOperator() {
        if (operator != null) {
            operator.close();
            operator = null;
        }
    }

    @BeforeEach
    void namespace() {
        ns = TestNamespace.create(cluster, "asvc-secrets");
        requests.clear();
    }

    @AfterEach
    void deleteNamespace() {
        ns.close();
    }

    @Test
    void aRotatedReferencedSecretRollsThePodsWithinTheBoundAndAnUnreferencedOneChangesNothing() throws Exception {
        ns.client().resource(TestFixtures.secret(ns.name(), "unreferenced", Map.of("password", "one"))).create();
        ns.createWithSecrets(TestFixtures.sqs(ns.name(), "summarizer"));
        Deployment before = ns.awaitDeployment("summarizer", d -> true);

        // An unreferenced Secret changes: after several rechecks the Deployment's spec is as it was.
        ns.client().resource(TestFixtures.secret(ns.name(), "unreferenced", Map.of("password", "two"))).update();
        Thread.sleep(RECHECK.multipliedBy(3).toMillis());
        Deployment unchanged = ns.deployment("summarizer");
        assertThat(unchanged.getMetadata().getGeneration()).isEqualTo(before.getMetadata().getGeneration());
        assertThat(hash(unchanged)).isEqualTo(hash(before));

        // The referenced one is rotated: the pod template's hash changes within the bound (plus a reconcile's time).
        long rotated = System.nanoTime();
        ns.client().resource(TestFixtures.secret(ns.name(), "sqs-credentials", Map.of(
                "AWS_ACCESS_KEY_ID", "AKIAROTATEDVALUE0003", "AWS_SECRET_ACCESS_KEY", "rotated"))).update();
        Deployment after = ns.awaitDeployment("summarizer", d -> !hash(d).equals(hash(before)));
        assertThat(Duration.ofNanos(System.nanoTime() - rotated)).isLessThan(RECHECK.plusSeconds(10));

        List<String> secretRequests = requests.stream()
                .filter(r -> r.contains(SECRETS_PATH) && r.contains("/namespaces/" + ns.name() + "/")).toList();
        assertThat(secretRequests).as("the operator's requests for Secrets").isNotEmpty().allSatisfy(r -> {
            assertThat(r).as("only a get by name").startsWith("GET ").doesNotContain("watch=");
            assertThat(r).matches("GET \\S+/api/v1/namespaces/" + ns.name() + "/secrets/sqs-credentials(\\?.*)?");
        });
        assertThat(requests).as("no list or watch of Secrets anywhere")
                .noneMatch(r -> r.matches(".*/secrets(\\?.*)?$"));
        assertThat(after.getSpec().getTemplate().toString()).doesNotContain("AKIAROTATEDVALUE0003");
    }

    @Test
    void theChartsRbacLetsTheOperatorGetButNotListOrWatchSecrets() {
        ns.createWithSecrets(TestFixtures.sqs(ns.name(), "summarizer"));
        ns.awaitDeployment("summarizer", d -> true);

        var asOperator = operator.client();
        assertThat(asOperator.secrets().inNamespace(ns.name()).withName("sqs-credentials").get()).isNotNull();
        assertForbidden(() -> asOperator.secrets().inNamespace(ns.name()).list());
        assertForbidden(() -> asOperator.secrets().inAnyNamespace().list());
        assertForbidden(() -> asOperator.secrets().inNamespace(ns.name()).watch(new io.fabric8.kubernetes.client.Watcher<>() {
            @Override
            public void eventReceived(Action action, io.fabric8.kubernetes.api.model.Secret resource) {
            }

            @Override
            public void onClose(io.fabric8.kubernetes.client.WatcherException cause) {
            }
        }).close());
    }

    private static void assertForbidden(org.assertj.core.api.ThrowableAssert.ThrowingCallable call) {
        assertThatThrownBy(call).isInstanceOfSatisfying(KubernetesClientException.class,
                e -> assertThat(e.getCode()).as(e.getMessage()).isEqualTo(403));
    }

    private static String hash(Deployment d) {
        return d.getSpec().getTemplate().getMetadata().getAnnotations().get(Names.CONFIG_HASH_ANNOTATION);
    }
}
