package io.asyncservice.operator;

import io.asyncservice.operator.config.OperatorConfig;
import io.asyncservice.operator.controller.AsyncServiceDeployment;
import io.asyncservice.operator.controller.AsyncServiceReconciler;
import io.asyncservice.operator.model.Names;
import io.asyncservice.operator.scaling.kubernetes.KubernetesScaler;
import io.asyncservice.operator.status.EventRecorder;
import io.asyncservice.operator.status.StatusFactory;
import io.asyncservice.operator.validation.AsyncServiceValidator;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderCallbacks;
import io.javaoperatorsdk.operator.Operator;
import io.javaoperatorsdk.operator.api.config.LeaderElectionConfigurationBuilder;
import io.javaoperatorsdk.operator.monitoring.micrometer.MicrometerMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The running operator: the JOSDK Operator with the AsyncService controller, plus the health and metrics server.
 * {@link Main}, the dev launcher and the integration tests all start it the same way.
 */
public final class AsyncServiceOperator implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(AsyncServiceOperator.class);

    private final Operator operator;
    private final HealthServer health;
    private final KubernetesScaler scaler;
    /** Set by {@link #close()}: from then on a lost lease is expected, not a reason to exit. */
    private final AtomicBoolean stopping;

    private AsyncServiceOperator(Operator operator, HealthServer health, KubernetesScaler scaler, AtomicBoolean stopping) {
        this.operator = operator;
        this.health = health;
        this.scaler = scaler;
        this.stopping = stopping;
    }

    /** Starts reconciling; returns once the informers have synced (or, with leader election, are syncing). */
    public static AsyncServiceOperator start(OperatorConfig config, KubernetesClient client) {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        new JvmMemoryMetrics().bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
        Clock clock = Clock.systemUTC();
        AsyncServiceDeployment deployment = new AsyncServiceDeployment(config.sidecar());
        EventRecorder events = new EventRecorder(client, clock);
        // The scaler follows AsyncServices through the controller's informer (its event source, registered below) and
        // reads replicas from the Deployment dependent's informer; it polls brokers only while this instance leads (or
        // always, without leader election). Its status is written by the reconciler, its Events by the same recorder.
        KubernetesScaler scaler = KubernetesScaler.create(client, registry, clock, config.scaler(),
                events, id -> deployment.eventSource().flatMap(informer -> informer.get(id)), Names::deploymentName);
        AtomicBoolean stopping = new AtomicBoolean();
        Operator operator = new Operator(o -> {
            o.withKubernetesClient(client)
                    .withCloseClientOnStop(false)
                    // Per-resource meters would grow with the number of AsyncServices; keep them per controller.
                    .withMetrics(MicrometerMetrics.withoutPerResourceMetrics(registry))
                    .withSSABasedCreateUpdateMatchForDependentResources(config.serverSideApply())
                    .withUseSSAToPatchPrimaryResource(config.serverSideApply());
            if (config.leaderElection()) {
                var leaderElection = LeaderElectionConfigurationBuilder.aLeaderElectionConfiguration(config.leaseName());
                if (config.leaseNamespace() != null) {
                    leaderElection.withLeaseNamespace(config.leaseNamespace());
                }
                // JOSDK's own exit on a lost lease would also run when the operator stops on SIGTERM, inside the JVM's
                // shutdown hook, where System.exit blocks for ever: the pod would go only at SIGKILL. So the exit is
                // ours, and only for a lease lost while running (the pod restarts and campaigns again).
                leaderElection.withExitOnStopLeading(false);
                leaderElection.withLeaderCallbacks(new LeaderCallbacks(scaler::startPolling, () -> {
                    scaler.stopPolling();
                    if (!stopping.get()) {
                        LOG.error("Lost the leader lease {}; exiting so that this pod restarts and campaigns again",
                                config.leaseName());
                        new Thread(() -> System.exit(1), "lease-lost-exit").start();
                    }
                }, leader -> { }));
                o.withLeaderElectionConfiguration(leaderElection.build());
            }
        });
        AsyncServiceReconciler reconciler = new AsyncServiceReconciler(
                deployment,
                new AsyncServiceValidator(),
                new StatusFactory(clock, scaler.statuses()),
                events,
                scaler.eventSource());
        operator.register(reconciler, c -> {
            // Referenced Secrets are read by name, not watched: this bounds how long a rotation takes to roll the pods.
            c.withReconciliationMaxInterval(config.secretRecheck());
            if (config.watchesAllNamespaces()) {
                c.watchingAllNamespaces();
            } else {
                c.settingNamespaces(config.watchedNamespaces());
            }
        });
        operator.start();
        if (!config.leaderElection()) {
            scaler.startPolling();
        }
        HealthServer health;
        try {
            health = HealthServer.start(config.httpHost(), config.httpPort(),
                    () -> operator.getRuntimeInfo().isStarted() && operator.getRuntimeInfo().allEventSourcesAreHealthy(),
                    () -> operator.getRuntimeInfo().isStarted(),
                    registry);
        } catch (IOException e) {
            scaler.close();
            operator.stop();
            throw new UncheckedIOException("cannot listen on " + config.httpHost() + ":" + config.httpPort(), e);
        }
        LOG.info("Operator started: namespaces={}, serverSideApply={}, leaderElection={}, health and metrics on port {}",
                config.watchesAllNamespaces() ? "all" : config.watchedNamespaces(), config.serverSideApply(),
                config.leaderElection(), health.port());
        return new AsyncServiceOperator(operator, health, scaler, stopping);
    }

    /** The port of /healthz, /readyz and /metrics. */
    public int httpPort() {
        return health.port();
    }

    /** The scaler, e.g. for tests that look at what it follows. */
    public KubernetesScaler scaler() {
        return scaler;
    }

    /** Stops the scaler and reconciling, letting running reconciles finish, then stops the HTTP server. */
    @Override
    public void close() {
        LOG.info("Operator stopping");
        stopping.set(true);
        try {
            scaler.close();
            operator.stop();
        } finally {
            health.close();
        }
    }
}
