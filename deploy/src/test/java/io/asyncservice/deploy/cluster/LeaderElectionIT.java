package io.asyncservice.deploy.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.asyncservice.api.v1alpha1.AsyncService;
import io.asyncservice.deploy.Chart;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.api.config.LeaderElectionConfiguration;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Predicate;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Operator replicas with the chart's defaults (leader election on, one Lease) and only the chart's RBAC, against a real
 * API server: one leads and keeps renewing the Lease, only the leader reconciles, and when it is killed (kill -9, as a
 * node that dies) the other takes over within the lease duration and reconciles; a leader stopped with SIGTERM (a
 * rollout, a node drain) exits within the chart's termination grace period. The replicas are child
 * JVMs, as pods are: each needs its own identity (JOSDK takes HOSTNAME), and a JOSDK leader exits its JVM when it stops
 * leading.
 */
class LeaderElectionIT {

    /** JOSDK's defaults; the chart does not change them. */
    static final Duration LEASE_DURATION = LeaderElectionConfiguration.LEASE_DURATION_DEFAULT_VALUE;
    static final Duration RETRY_PERIOD = LeaderElectionConfiguration.RETRY_PERIOD_DEFAULT_VALUE;
    /** A JVM start and the operator's informers, twice at once on a loaded machine. */
    static final Duration START = Duration.ofSeconds(90);
    static final String RECONCILIATIONS = "operator_sdk_reconciliations_started_total";

    private final KubernetesClient admin = Cluster.admin();

    @BeforeAll
    static void crd() {
        AsyncServiceCrd.ensureInstalled(Cluster.admin());
    }

    @Test
    void oneReplicaLeadsAndReconcilesAndTheOtherTakesOverWithinTheLeaseDurationWhenItIsKilled() {
        Install install = install("le");
        String apps = Cluster.createNamespace("le-apps");
        try (OperatorProcess a = install.start("a"); OperatorProcess b = install.start("b")) {
            await("both replicas healthy").atMost(START).pollInterval(Duration.ofMillis(200))
                    .until(() -> a.healthy() && b.healthy());
            Lease elected = install.awaitLease(START,
                    l -> List.of(a.name(), b.name()).contains(l.getSpec().getHolderIdentity()));
            OperatorProcess leader = elected.getSpec().getHolderIdentity().equals(a.name()) ? a : b;
            OperatorProcess follower = leader == a ? b : a;

            // The leader renews: renewTime moves on, the holder stays.
            ZonedDateTime firstRenewal = elected.getSpec().getRenewTime();
            install.awaitLease(RETRY_PERIOD.multipliedBy(3).plusSeconds(5),
                    l -> l.getSpec().getRenewTime().isAfter(firstRenewal)
                            && leader.name().equals(l.getSpec().getHolderIdentity()));

            SqsExample.apply(admin, apps);
            Reconciliation.assertReconciled(admin, apps);
            assertThat(leader.metric(RECONCILIATIONS)).as("reconciliations by the leader").isPositive();
            assertThat(follower.metric(RECONCILIATIONS)).as("reconciliations by the follower").isZero();

            int transitions = install.lease().getSpec().getLeaseTransitions();
            long stopped = System.nanoTime();
            leader.kill();
            // A killed leader neither renews nor releases the Lease (nor would a stopped one: JOSDK builds the elector
            // without releaseOnCancel): the follower takes it once the lease duration has passed since it last saw a renewal,
            // at its next try. Hence the lease duration plus up to a retry period to see the last renewal and one to
            // retry (each with fabric8's jitter of up to 1.2), plus API calls: three retry periods.
            Lease takenOver = install.awaitLease(LEASE_DURATION.plus(RETRY_PERIOD.multipliedBy(3)),
                    l -> follower.name().equals(l.getSpec().getHolderIdentity()));
            System.err.println(String.format(Locale.ROOT, "leader election: %s took over the Lease %.1f s after"
                    + " kill -9 of %s (lease duration %d s)", follower.name(), (System.nanoTime() - stopped) / 1e9,
                    leader.name(), LEASE_DURATION.toSeconds()));
            assertThat(takenOver.getSpec().getLeaseTransitions()).isEqualTo(transitions + 1);

            admin.resources(AsyncService.class).inNamespace(apps).withName(SqsExample.NAME).edit(asvc -> {
                asvc.getSpec().setReplicas(3);
                return asvc;
            });
            Reconciliation.awaitDeployment(admin, apps, d -> d.getSpec().getReplicas() == 3);
            assertThat(follower.metric(RECONCILIATIONS)).as("reconciliations by the new leader").isPositive();
        } finally {
            install.close();
        }
    }

    @Test
    void aStoppedLeaderExitsWithinTheChartsTerminationGracePeriod() {
        Install install = install("le-stop");
        long grace = install.chart.one(Deployment.class).getSpec().getTemplate().getSpec()
                .getTerminationGracePeriodSeconds();
        try (OperatorProcess only = install.start("only")) {
            install.awaitLease(START, l -> only.name().equals(l.getSpec().getHolderIdentity()));

            only.terminate();

            assertThat(only.awaitExit(Duration.ofSeconds(grace)))
                    .as("exited within terminationGracePeriodSeconds (%d s) of SIGTERM:\n%s", grace, only.log())
                    .isTrue();
        } finally {
            install.close();
        }
    }

    /** The chart with its defaults as release {@code name}: its RBAC applied, a token and kubeconfig for its account. */
    private Install install(String name) {
        String namespace = Cluster.createNamespace(name + "-operator");
        Release release = new Release(name, namespace);
        Chart.Rendered chart = release.template();
        Map<String, String> env = ChartEnv.of(chart, namespace);
        assertThat(env).containsEntry("ASVC_LEADER_ELECTION", "true");
        List<HasMetadata> rbac = ChartRbac.apply(admin, chart);
        String token = Cluster.plane().tokenFor(namespace, ChartRbac.serviceAccountName(chart));
        Path kubeconfig = Cluster.plane().writeKubeconfig(
                Chart.DEPLOY.resolve("target").resolve(release.fullname() + ".kubeconfig"), token);
        return new Install(admin, release, chart, env, rbac, kubeconfig);
    }

    /** What {@link #install} set up; {@link #close()} removes its cluster-scoped objects. */
    private record Install(KubernetesClient admin, Release release, Chart.Rendered chart, Map<String, String> env,
                           List<HasMetadata> rbac, Path kubeconfig) {

        /** Replica {@code <fullname>-<suffix>}, the name of its pod and its identity on the Lease. */
        OperatorProcess start(String suffix) {
            return OperatorProcess.start(release.fullname() + "-" + suffix, env, kubeconfig);
        }

        Lease lease() {
            return admin.leases().inNamespace(release.namespace()).withName(env.get("ASVC_LEASE_NAME")).get();
        }

        Lease awaitLease(Duration atMost, Predicate<Lease> until) {
            return await("Lease " + release.namespace() + "/" + env.get("ASVC_LEASE_NAME")).atMost(atMost)
                    .pollInterval(Duration.ofMillis(100))
                    .until(this::lease, l -> l != null && l.getSpec() != null && until.test(l));
        }

        void close() {
            ChartRbac.deleteClusterScoped(admin, rbac);
        }
    }
}
