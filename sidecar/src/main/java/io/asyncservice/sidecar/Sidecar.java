package io.asyncservice.sidecar;

import io.asyncservice.api.sidecar.QueueRole;
import io.asyncservice.api.sidecar.SidecarLoad;
import io.asyncservice.api.v1alpha1.BrokerKind;
import io.asyncservice.api.v1alpha1.BrokerSpec;
import io.asyncservice.sidecar.broker.BrokerConnector;
import io.asyncservice.sidecar.broker.MessageSink;
import io.asyncservice.sidecar.broker.MessageSource;
import io.asyncservice.sidecar.broker.SecretSource;
import io.asyncservice.sidecar.config.SidecarSettings;
import io.asyncservice.sidecar.engine.DeliveryEngine;
import io.asyncservice.sidecar.engine.EngineMetrics;
import io.asyncservice.sidecar.engine.EngineOptions;
import io.asyncservice.sidecar.format.MessageCodecs;
import io.asyncservice.sidecar.http.HttpAppClient;
import io.asyncservice.sidecar.lifecycle.AdminServer;
import io.asyncservice.sidecar.lifecycle.AppReadiness;
import io.asyncservice.sidecar.lifecycle.SidecarStatus;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One running sidecar: the admin server, the input source, the output and dead-letter sinks, the app client, the
 * readiness check and the delivery engine, wired together. {@link SidecarMain} runs one per process; tests run one
 * in-process.
 */
public final class Sidecar implements SidecarStatus, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Sidecar.class);

    private final SidecarSettings settings;
    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final List<AutoCloseable> resources = new ArrayList<>();
    private final AtomicBoolean stopping = new AtomicBoolean();
    private final CountDownLatch stopped = new CountDownLatch(1);
    private AdminServer admin;
    private MessageSource source;
    private MessageSink output;
    private MessageSink deadLetter;
    private AppReadiness readiness;
    private DeliveryEngine engine;

    private Sidecar(SidecarSettings settings) {
        this.settings = settings;
    }

    /** Starts a sidecar with the built-in connectors. */
    public static Sidecar start(SidecarSettings settings, SecretSource secrets) {
        return start(settings, secrets, Brokers::connector);
    }

    /** Starts a sidecar; {@code connectors} chooses the connector for each broker kind. */
    public static Sidecar start(SidecarSettings settings, SecretSource secrets, Function<BrokerKind, BrokerConnector> connectors) {
        Sidecar s = new Sidecar(settings);
        try {
            s.open(secrets, connectors);
            return s;
        } catch (RuntimeException e) {
            s.closeResources();
            throw e;
        }
    }

    private void open(SecretSource secrets, Function<BrokerKind, BrokerConnector> connectors) {
        admin = keep(new AdminServer(settings.port(), this, registry::scrape, settings.drainToken()));
        admin.start();
        Map<BrokerKind, BrokerConnector> byKind = new EnumMap<>(BrokerKind.class);
        Function<BrokerSpec, BrokerConnector> connector = spec -> byKind.computeIfAbsent(spec.kind(), connectors);
        source = keep(connector.apply(settings.input()).openSource(settings.input(), settings.deliverySpec(), secrets));
        output = settings.output().map(spec -> keep(connector.apply(spec).openSink(spec, QueueRole.OUTPUT, secrets))).orElse(null);
        deadLetter = settings.deadLetter()
                .map(spec -> keep(connector.apply(spec).openSink(spec, QueueRole.DEAD_LETTER, secrets))).orElse(null);
        readiness = keep(new AppReadiness(settings.endpoint(), AppReadiness.DEFAULT_INTERVAL));
        readiness.start();
        EngineMetrics metrics = new EngineMetrics(registry);
        // Closed after the engine (resources close in reverse): that drops the connections of calls still blocked on
        // the app once the engine has released their messages, so no worker outlives the shutdown by a long app call.
        HttpAppClient app = keep(new HttpAppClient(settings.endpoint(), Clock.systemUTC()));
        engine = keep(new DeliveryEngine(source, output, deadLetter,
                MessageCodecs.forFormat(settings.delivery().format(), settings.delivery().maxMessageBytes()),
                app,
                EngineOptions.of(settings.delivery(), settings.endpoint().timeout(), settings.receiveWait()), readiness::isReady, metrics, Clock.systemUTC()));
        engine.start();
        LOG.info("sidecar started: input {}, output {}, dead letter {}, app http://127.0.0.1:{}{}, concurrency {}, admin port {}",
                settings.input().kind().fieldName(),
                settings.output().map(o -> o.kind().fieldName()).orElse("none"),
                settings.deadLetter().map(o -> o.kind().fieldName()).orElse("none"),
                settings.endpoint().port(), settings.endpoint().path(), settings.delivery().concurrency(), admin.port());
    }

    public int adminPort() {
        return admin.port();
    }

    public PrometheusMeterRegistry registry() {
        return registry;
    }

    @Override
    public boolean isLive() {
        return engine == null || engine.isHealthy();
    }

    @Override
    public String notReadyReason() {
        if (engine == null || stopping.get()) {
            return "stopping";
        }
        if (engine.isDraining()) {
            return "draining";
        }
        if (!source.isConnected()) {
            return "the input broker is not connected";
        }
        if (output != null && !output.isConnected()) {
            return "the output broker is not connected";
        }
        if (deadLetter != null && !deadLetter.isConnected()) {
            return "the dead-letter broker is not connected";
        }
        if (!readiness.isReady()) {
            return "the app is not ready: " + readiness.problem();
        }
        return null;
    }

    /** Before the engine exists (the admin port opens first) nothing is in flight and nothing has succeeded. */
    @Override
    public SidecarLoad load() {
        DeliveryEngine current = engine;
        return current == null ? new SidecarLoad(0, 0, 0, stopping.get()) : current.load();
    }

    /** The preStop hook's drain: undone after {@link SidecarSettings#drainResumeAfter()} if no SIGTERM came. */
    @Override
    public CompletableFuture<Void> drain() {
        return engine.drain(settings.drainResumeAfter());
    }

    /**
     * Drains within {@code deadline} (what is left is released to the broker), then closes everything. Idempotent.
     * Returns true when everything in flight finished in time.
     */
    public boolean shutdown(Duration deadline) {
        if (!stopping.compareAndSet(false, true)) {
            awaitStopped();
            return true;
        }
        boolean clean = true;
        try {
            if (engine != null) {
                LOG.info("shutting down: draining for up to {} s", deadline.toSeconds());
                clean = engine.shutdown(deadline);
            }
        } finally {
            closeResources();
            stopped.countDown();
            LOG.info("sidecar stopped{}", clean ? "" : " (some messages were released unfinished)");
        }
        return clean;
    }

    /** Blocks until {@link #shutdown} has finished. */
    public void awaitStopped() {
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        shutdown(settings.drainTimeout());
    }

    private <T extends AutoCloseable> T keep(T resource) {
        resources.add(resource);
        return resource;
    }

    private void closeResources() {
        for (int i = resources.size() - 1; i >= 0; i--) {
            try {
                resources.get(i).close();
            } catch (Exception e) {
                LOG.warn("closing {} failed: {}", resources.get(i).getClass().getSimpleName(), e.toString());
            }
        }
        resources.clear();
    }
}
