package io.asyncservice.sidecar.config;

import io.asyncservice.api.broker.BrokerProblems;
import io.asyncservice.api.sidecar.AmqpConsumerTimeoutRule;
import io.asyncservice.api.sidecar.QueueRole;
import io.asyncservice.api.sidecar.SidecarConfig;
import io.asyncservice.api.sidecar.SidecarContract;
import io.asyncservice.api.v1alpha1.BackoffSpec;
import io.asyncservice.api.v1alpha1.BrokerKind;
import io.asyncservice.api.v1alpha1.BrokerSpec;
import io.asyncservice.api.v1alpha1.ByteSizes;
import io.asyncservice.api.v1alpha1.DeliverySpec;
import io.asyncservice.api.v1alpha1.Durations;
import io.asyncservice.api.v1alpha1.EndpointSpec;
import io.asyncservice.api.v1alpha1.MessageFormat;
import io.asyncservice.api.v1alpha1.SidecarSpec;
import io.asyncservice.sidecar.Brokers;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies defaults to a {@link SidecarConfig} and checks it, collecting every problem with the field it names
 * (e.g. {@code endpoint.port is required}, {@code input: set exactly one broker kind ...}), including the operator's
 * {@link AmqpConsumerTimeoutRule} for an AMQP input.
 */
public final class ConfigValidator {

    /** The API's default response limit in bytes, for settings built in code. */
    public static final int DEFAULT_MAX_RESPONSE_BYTES = ByteSizes.parse("", DeliverySpec.DEFAULT_MAX_RESPONSE_SIZE);
    private static final Logger LOG = LoggerFactory.getLogger(ConfigValidator.class);
    static final Duration DEFAULT_RECEIVE_WAIT = Duration.ofSeconds(5);
    static final Duration DRAIN_MARGIN = Duration.ofSeconds(10);
    /** The grace period the operator gives at least, when it did not say: the endpoint timeout plus 30 s. */
    static final Duration GRACE_MARGIN = Duration.ofSeconds(30);
    /** Past the grace period, for the kubelet's 2 s preStop extension and slow clocks, before a drain is undone. */
    static final Duration DRAIN_RESUME_MARGIN = Duration.ofSeconds(10);

    private final List<String> problems = new ArrayList<>();

    private ConfigValidator() {
    }

    /** Returns the settings, or throws {@link ConfigException} listing every problem found. */
    public static SidecarSettings validate(SidecarConfig config, Map<String, String> env) {
        return validate(config, env, Runtime.getRuntime().maxMemory());
    }

    /** As {@link #validate(SidecarConfig, Map)}, for a heap of {@code heapBytes} (see {@link MemoryPlan}). */
    static SidecarSettings validate(SidecarConfig config, Map<String, String> env, long heapBytes) {
        return new ConfigValidator().check(config, env, heapBytes);
    }

    private SidecarSettings check(SidecarConfig config, Map<String, String> env, long heapBytes) {
        DeliverySpec deliverySpec = defaults(config.getDelivery());
        int maxMessageBytes = size("delivery.maxMessageSize", deliverySpec.getMaxMessageSize());
        int maxResponseBytes = size("delivery.maxResponseSize", deliverySpec.getMaxResponseSize());
        EndpointSettings endpoint = endpoint(config.getEndpoint(), maxResponseBytes);
        int port = config.getPort() == null ? SidecarSpec.DEFAULT_PORT : config.getPort();
        if (port < 1 || port > 65535) {
            problems.add("port: " + port + " is not a port number (1-65535)");
        } else if (endpoint != null && endpoint.port() == port) {
            problems.add("port: " + port + " is also endpoint.port; the sidecar needs a port of its own");
        }
        broker(QueueRole.INPUT, config.getInput(), true);
        broker(QueueRole.OUTPUT, config.getOutput(), false);
        broker(QueueRole.DEAD_LETTER, config.getDeadLetter(), false);
        BrokerKind.failureDestinationProblem("", config.getInput(), config.getOutput(), config.getDeadLetter())
                .ifPresent(problems::add);
        DeliverySettings delivery = delivery(deliverySpec, maxMessageBytes);
        // RabbitMQ has no lease: a delivery held past the broker's consumer_timeout is requeued under the app's feet.
        AmqpConsumerTimeoutRule.check("", config.getInput(), config.getEndpoint()).ifPresent(problems::add);
        Duration receiveWait = durationEnv(env, ConfigLoader.RECEIVE_WAIT_ENV, () -> DEFAULT_RECEIVE_WAIT);
        Duration drainTimeout = durationEnv(env, ConfigLoader.DRAIN_TIMEOUT_ENV,
                () -> (endpoint == null ? Duration.ZERO : endpoint.timeout()).plus(DRAIN_MARGIN));
        Duration grace = durationEnv(env, SidecarContract.TERMINATION_GRACE_PERIOD_ENV,
                () -> (endpoint == null ? Duration.ZERO : endpoint.timeout()).plus(GRACE_MARGIN));
        String drainToken = env.get(SidecarContract.DRAIN_TOKEN_ENV);
        if (!problems.isEmpty()) {
            throw new ConfigException(problems);
        }
        MemoryPlan memory = MemoryPlan.of(heapBytes, delivery.concurrency(), maxMessageBytes, maxResponseBytes,
                Brokers.connector(config.getInput().kind()).bufferedInputBytes());
        if (memory.lowered()) {
            LOG.warn(memory.explain(delivery.concurrency(), maxMessageBytes, maxResponseBytes));
            delivery = delivery.withConcurrency(memory.concurrency());
            deliverySpec.setConcurrency(memory.concurrency());
        }
        return new SidecarSettings(config.getName(), config.getNamespace(), port, endpoint, config.getInput(),
                Optional.ofNullable(config.getOutput()), Optional.ofNullable(config.getDeadLetter()), delivery, deliverySpec,
                drainTimeout, receiveWait, drainToken == null || drainToken.isBlank() ? null : drainToken.trim(),
                grace == null ? null : grace.plus(DRAIN_RESUME_MARGIN));
    }

    private EndpointSettings endpoint(EndpointSpec spec, int maxResponseBytes) {
        if (spec == null) {
            problems.add("endpoint is required");
            return null;
        }
        Integer port = spec.getPort();
        if (port == null) {
            problems.add("endpoint.port is required");
        } else if (port < 1 || port > 65535) {
            problems.add("endpoint.port: " + port + " is not a port number (1-65535)");
        }
        String path = spec.getPath() == null ? "/" : spec.getPath();
        if (!path.startsWith("/")) {
            problems.add("endpoint.path: '" + path + "' must start with /");
        }
        Duration timeout = duration("endpoint.timeout", spec.getTimeout(), Duration.ofMinutes(5));
        if (timeout != null && timeout.isZero()) {
            problems.add("endpoint.timeout: must be longer than 0");
        }
        String readiness = spec.getReadinessPath();
        if (readiness != null && !readiness.startsWith("/")) {
            problems.add("endpoint.readinessPath: '" + readiness + "' must start with /");
        }
        if (port == null || timeout == null) {
            return null;
        }
        return new EndpointSettings(port, path, timeout, readiness, maxResponseBytes);
    }

    /** The broker's own checks, as its descriptor makes them (the operator makes the same). */
    private void broker(QueueRole role, BrokerSpec spec, boolean required) {
        String field = role.field();
        if (spec == null) {
            if (required) {
                problems.add(field + " is required");
            }
            return;
        }
        if (spec.kindCount() != 1) {
            problems.add(field + ": set exactly one broker kind (" + BrokerKind.ONE_OF + "); found " + spec.kindCount());
            return;
        }
        BrokerProblems found = new BrokerProblems();
        spec.kind().check(role, field, spec, found);
        problems.addAll(found.messages());
    }

    private DeliverySpec defaults(DeliverySpec given) {
        DeliverySpec d = given == null ? new DeliverySpec() : given;
        DeliverySpec fallback = new DeliverySpec();
        if (d.getConcurrency() == null) {
            d.setConcurrency(fallback.getConcurrency());
        }
        if (d.getMaxAttempts() == null) {
            d.setMaxAttempts(fallback.getMaxAttempts());
        }
        if (d.getFormat() == null) {
            d.setFormat(fallback.getFormat());
        }
        if (d.getMaxMessageSize() == null) {
            d.setMaxMessageSize(fallback.getMaxMessageSize());
        }
        if (d.getMaxResponseSize() == null) {
            d.setMaxResponseSize(fallback.getMaxResponseSize());
        }
        if (d.getBackoff() == null) {
            d.setBackoff(new BackoffSpec());
        }
        BackoffSpec b = d.getBackoff();
        if (b.getInitial() == null) {
            b.setInitial(new BackoffSpec().getInitial());
        }
        if (b.getMax() == null) {
            b.setMax(new BackoffSpec().getMax());
        }
        return d;
    }

    private DeliverySettings delivery(DeliverySpec d, int maxBytes) {
        if (d.getConcurrency() < 1 || d.getConcurrency() > 1024) {
            problems.add("delivery.concurrency: " + d.getConcurrency() + " is outside 1-1024");
        }
        if (d.getMaxAttempts() < 1 || d.getMaxAttempts() > 100) {
            problems.add("delivery.maxAttempts: " + d.getMaxAttempts() + " is outside 1-100");
        }
        Duration initial = duration("delivery.backoff.initial", d.getBackoff().getInitial(), null);
        Duration max = duration("delivery.backoff.max", d.getBackoff().getMax(), null);
        if (initial != null && max != null && initial.compareTo(max) > 0) {
            problems.add("delivery.backoff.initial: " + d.getBackoff().getInitial() + " is longer than delivery.backoff.max "
                    + d.getBackoff().getMax());
        }
        MessageFormat format = d.getFormat();
        return new DeliverySettings(d.getConcurrency(), d.getMaxAttempts(), initial, max, format, maxBytes);
    }

    /** A size in bytes, or 1 (reported) when it is not one. */
    private int size(String field, String text) {
        try {
            return ByteSizes.parse(field, text);
        } catch (IllegalArgumentException e) {
            problems.add(e.getMessage());
            return 1;
        }
    }

    private Duration duration(String field, String text, Duration fallback) {
        if (text == null) {
            return fallback;
        }
        try {
            return Durations.parse(field, text);
        } catch (IllegalArgumentException e) {
            problems.add(e.getMessage());
            return null;
        }
    }

    private Duration durationEnv(Map<String, String> env, String name, Supplier<Duration> fallback) {
        String text = env.get(name);
        return text == null || text.isBlank() ? fallback.get() : duration(name, text.trim(), null);
    }
}
