package io.asyncservice.operator.cluster;

import static org.awaitility.Awaitility.await;

import io.asyncservice.api.v1alpha1.AsyncService;
import io.asyncservice.operator.TestFixtures;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.NonDeletingOperation;
import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * One test's namespace on the {@link RealCluster}, and what a user looks at in it: the AsyncService and its status,
 * the Deployment, ReplicaSets and Events. It acts as the cluster admin, not as the operator. Closing it deletes the
 * namespace.
 */
public final class TestNamespace implements AutoCloseable {

    /** Long enough for the operator, the controllers and a busy two-core machine; short enough to fail fast. */
    static final Duration TIMEOUT = Duration.ofSeconds(30);

    private final RealCluster cluster;
    private final KubernetesClient client;
    private final String name;

    private TestNamespace(RealCluster cluster, String name) {
        this.cluster = cluster;
        this.client = cluster.admin();
        this.name = name;
    }

    public static TestNamespace create(RealCluster cluster, String prefix) {
        return new TestNamespace(cluster, cluster.createNamespace(prefix));
    }

    public String name() {
        return name;
    }

    KubernetesClient client() {
        return client;
    }

    /** Creates (or keeps) the Secrets the AsyncService refers to, then creates the AsyncService. */
    AsyncService createWithSecrets(AsyncService asvc) {
        TestFixtures.secretsFor(asvc).values().forEach(s -> client.resource(s).createOr(NonDeletingOperation::update));
        return client.resource(asvc).create();
    }

    AsyncService asyncService(String asvc) {
        return client.resources(AsyncService.class).inNamespace(name).withName(asvc).get();
    }

    /** Changes the AsyncService as a user would, retrying when the operator's status write got there first. */
    void edit(String asvc, Consumer<AsyncService> change) {
        for (int attempt = 1; ; attempt++) {
            try {
                client.resources(AsyncService.class).inNamespace(name).withName(asvc).edit(a -> {
                    change.accept(a);
                    return a;
                });
                return;
            } catch (KubernetesClientException e) {
                if (e.getCode() != 409 || attempt == 5) {
                    throw e;
                }
            }
        }
    }

    Deployment deployment(String deployment) {
        return client.apps().deployments().inNamespace(name).withName(deployment).get();
    }

    Deployment awaitDeployment(String deployment, Predicate<Deployment> condition) {
        return await().atMost(TIMEOUT).until(() -> deployment(deployment), d -> d != null && condition.test(d));
    }

    List<ReplicaSet> replicaSets() {
        return client.apps().replicaSets().inNamespace(name).list().getItems();
    }

    AsyncService awaitStatus(String asvc, Predicate<AsyncService> condition) {
        return await().atMost(TIMEOUT).until(() -> asyncService(asvc),
                a -> a != null && a.getStatus() != null && a.getStatus().getConditions() != null
                        && !a.getStatus().getConditions().isEmpty() && condition.test(a));
    }

    AsyncService awaitCondition(String asvc, String type, String status) {
        return awaitStatus(asvc, a -> a.getStatus().getConditions().stream()
                .anyMatch(c -> type.equals(c.getType()) && status.equals(c.getStatus())));
    }

    /** The Events on objects of this name, newest last as the API server lists them. */
    List<Event> events(String involvedName) {
        return client.v1().events().inNamespace(name).list().getItems().stream()
                .filter(e -> involvedName.equals(e.getInvolvedObject().getName()))
                .toList();
    }

    static Condition condition(AsyncService asvc, String type) {
        return asvc.getStatus().getConditions().stream().filter(c -> type.equals(c.getType())).findFirst()
                .orElseThrow(() -> new AssertionError("no " + type + " condition in " + asvc.getStatus().getConditions()));
    }

    /** kubectl in this namespace: {@code kubectl -n <namespace> args...}. */
    Kubectl.Result kubectl(String... args) {
        return kubectlWithInput(null, args);
    }

    Kubectl.Result kubectlWithInput(String stdin, String... args) {
        String[] all = new String[args.length + 2];
        all[0] = "-n";
        all[1] = name;
        System.arraycopy(args, 0, all, 2, args.length);
        return cluster.kubectl().runWithInput(stdin, all);
    }

    @Override
    public void close() {
        cluster.deleteNamespace(name);
    }
}
