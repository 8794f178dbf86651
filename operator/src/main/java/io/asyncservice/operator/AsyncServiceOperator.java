package io.asyncservice.operator;

import io.asyncservice.operator.config.OperatorConfig;
import io.asyncservice.operator.controller.AsyncServiceDeployment;
import io.asyncservice.operator.controller.AsyncServiceReconciler;
import io.asyncservice.operator.status.EventRecorder;
import io.asyncservice.operator.status.StatusFactory;
import io.asyncservice.operator.validation.AsyncServiceValidator;
import io.fabric8.kubernetes.client.KubernetesClient;
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

    private AsyncServiceOperator(Operator operator, HealthServer health) {
        this.operator = operator;
        this.health = health;
    }

    /** Starts reconciling; returns once the informers have synced (or, with leader election, are syncing). */
    public static AsyncServiceOperator start(OperatorConfig config, KubernetesClient client) {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        new JvmMemoryMetrics().bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
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
                o.withLeaderElectionConfiguration(leaderElection.build());
            }
        });
        Clock clock = Clock.systemUTC();
        AsyncServiceReconciler reconciler = new AsyncServiceReconciler(
                new AsyncServiceDeployment(config.sidecar()),
                new AsyncServiceValidator(),
                new StatusFactory(clock),
                new EventRecorder(client, clock));
        operator.register(reconciler, c -> {
            if (config.watchesAllNamespaces()) {
                c.watchingAllNamespaces();
            } else {
                c.settingNamespaces(config.watchedNamespaces());
            }
        });
        operator.start();
        HealthServer health;
        try {
            health = HealthServer.start(config.httpHost(), config.httpPort(),
                    () -> operator.getRuntimeInfo().isStarted() && operator.getRuntimeInfo().allEventSourcesAreHealthy(),
                    () -> operator.getRuntimeInfo().isStarted(),
                    registry);
        } catch (IOException e) {
            operator.stop();
            throw new UncheckedIOException("cannot listen on " + config.httpHost() + ":" + config.httpPort(), e);
        }
        LOG.info("Operator started: namespaces={}, serverSideApply={}, leaderElection={}, health and metrics on port {}",
                config.watchesAllNamespaces() ? "all" : config.watchedNamespaces(), config.serverSideApply(),
                config.leaderElection(), health.port());
        return new AsyncServiceOperator(operator, health);
    }

    /** The port of /healthz, /readyz and /metrics. */
    public int httpPort() {
        return health.port();
    }

    /** Stops reconciling, letting running reconciles finish, then stops the HTTP server. */
    @Override
    public void close() {
        LOG.info("Operator stopping");
        try {
            operator.stop();
        } finally {
            health.close();
        }
    }
}
