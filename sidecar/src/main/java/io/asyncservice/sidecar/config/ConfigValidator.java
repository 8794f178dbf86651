package io.asyncservice.sidecar.config;

import io.asyncservice.api.sidecar.SidecarConfig;
import io.asyncservice.api.v1alpha1.AmqpSpec;
import io.asyncservice.api.v1alpha1.BackoffSpec;
import io.asyncservice.api.v1alpha1.BrokerKind;
import io.asyncservice.api.v1alpha1.BrokerSpec;
import io.asyncservice.api.v1alpha1.DeliverySpec;
import io.asyncservice.api.v1alpha1.Durations;
import io.asyncservice.api.v1alpha1.EndpointSpec;
import io.asyncservice.api.v1alpha1.KafkaSpec;
import io.asyncservice.api.v1alpha1.MessageFormat;
import io.asyncservice.api.v1alpha1.NatsSpec;
import io.asyncservice.api.v1alpha1.SidecarSpec;
import io.asyncservice.api.v1alpha1.SqsSpec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Applies defaults to a {@link SidecarConfig} and checks it, collecting every problem with the field it names
 * (e.g. {@code endpoint.port is required}, {@code input: set exactly one broker kind ...}).
 */
public final class ConfigValidator {

    static final int DEFAULT_MAX_MESSAGE_BYTES = 10 * 1024 * 1024;
    static final Duration DEFAULT_RECEIVE_WAIT = Duration.ofSeconds(5);
    static final Duration DRAIN_MARGIN = Duration.ofSeconds(10);
    private static final Duration MAX_VISIBILITY = Duration.ofHours(12);

    private final List<String> problems = new ArrayList<>();

    private ConfigValidator() {
    }

    /** Returns the settings, or throws {@link ConfigException} listing every problem found. */
    public static SidecarSettings validate(SidecarConfig config, Map<String, String> env) {
        return new ConfigValidator().check(config, env);
    }

    private SidecarSettings check(SidecarConfig config, Map<String, String> env) {
        EndpointSettings endpoint = endpoint(config.getEndpoint());
        int port = config.getPort() == null ? SidecarSpec.DEFAULT_PORT : config.getPort();
        if (port < 1 || port > 65535) {
            problems.add("port: " + port + " is not a port number (1-65535)");
        } else if (endpoint != null && endpoint.port() == port) {
            problems.add("port: " + port + " is also endpoint.port; the sidecar needs a port of its own");
        }
        broker("input", config.getInput(), true);
        broker("output", config.getOutput(), false);
        broker("deadLetter", config.getDeadLetter(), false);
        if (config.getInput() != null && config.getInput().kind() == BrokerKind.KAFKA
                && config.getOutput() == null && config.getDeadLetter() == null) {
            problems.add("input.kafka needs an output or a deadLetter: Kafka has no dead-letter policy of its own");
        }
        DeliverySpec deliverySpec = defaults(config.getDelivery());
        int maxBytes = intEnv(env, ConfigLoader.MAX_MESSAGE_BYTES_ENV, DEFAULT_MAX_MESSAGE_BYTES);
        DeliverySettings delivery = delivery(deliverySpec, maxBytes);
        Duration receiveWait = durationEnv(env, ConfigLoader.RECEIVE_WAIT_ENV, () -> DEFAULT_RECEIVE_WAIT);
        Duration drainTimeout = durationEnv(env, ConfigLoader.DRAIN_TIMEOUT_ENV,
                () -> (endpoint == null ? Duration.ZERO : endpoint.timeout()).plus(DRAIN_MARGIN));
        if (!problems.isEmpty()) {
            throw new ConfigException(problems);
        }
        return new SidecarSettings(config.getName(), config.getNamespace(), port, endpoint, config.getInput(),
                Optional.ofNullable(config.getOutput()), Optional.ofNullable(config.getDeadLetter()), delivery, deliverySpec,
                drainTimeout, receiveWait);
    }

    private EndpointSettings endpoint(EndpointSpec spec) {
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
        return new EndpointSettings(port, path, timeout, readiness);
    }

    private void broker(String field, BrokerSpec spec, boolean required) {
        if (spec == null) {
            if (required) {
                problems.add(field + " is required");
            }
            return;
        }
        if (spec.kindCount() != 1) {
            problems.add(field + ": set exactly one broker kind (sqs, kafka, nats or amqp); found " + spec.kindCount());
            return;
        }
        boolean input = "input".equals(field);
        switch (spec.kind()) {
            case AMQP -> amqp(field + ".amqp", spec.getAmqp());
            case KAFKA -> kafka(field + ".kafka", spec.getKafka(), input);
            case NATS -> nats(field + ".nats", spec.getNats(), input);
            case SQS -> sqs(field + ".sqs", spec.getSqs());
        }
    }

    private void amqp(String field, AmqpSpec spec) {
        requireText(field + ".queue", spec.getQueue());
    }

    private void kafka(String field, KafkaSpec spec, boolean input) {
        requireText(field + ".bootstrapServers", spec.getBootstrapServers());
        requireText(field + ".topic", spec.getTopic());
        if (input) {
            requireText(field + ".consumerGroup", spec.getConsumerGroup());
        }
    }

    private void nats(String field, NatsSpec spec, boolean input) {
        if (spec.getServers() == null || spec.getServers().isEmpty()) {
            problems.add(field + ".servers is required");
        }
        requireText(field + ".stream", spec.getStream());
        if (input) {
            requireText(field + ".consumer", spec.getConsumer());
        } else {
            requireText(field + ".subject", spec.getSubject());
        }
    }

    private void sqs(String field, SqsSpec spec) {
        if (requireText(field + ".queueUrl", spec.getQueueUrl()) && !spec.getQueueUrl().matches("^https?://.+")) {
            problems.add(field + ".queueUrl: '" + spec.getQueueUrl() + "' is not an http(s) URL");
        }
        if (spec.getEndpoint() != null && !spec.getEndpoint().matches("^https?://.+")) {
            problems.add(field + ".endpoint: '" + spec.getEndpoint() + "' is not an http(s) URL");
        }
        Duration visibility = duration(field + ".visibilityTimeout", spec.getVisibilityTimeout(), Duration.ofSeconds(30));
        if (visibility != null && (visibility.compareTo(Duration.ofSeconds(1)) < 0 || visibility.compareTo(MAX_VISIBILITY) > 0)) {
            problems.add(field + ".visibilityTimeout: must be between 1s and 12h");
        }
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
        if (maxBytes < 1) {
            problems.add(ConfigLoader.MAX_MESSAGE_BYTES_ENV + ": must be a positive number of bytes");
        }
        MessageFormat format = d.getFormat();
        return new DeliverySettings(d.getConcurrency(), d.getMaxAttempts(), initial, max, format, maxBytes);
    }

    private boolean requireText(String field, String value) {
        if (value == null || value.isBlank()) {
            problems.add(field + " is required");
            return false;
        }
        return true;
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

    private int intEnv(Map<String, String> env, String name, int fallback) {
        String text = env.get(name);
        if (text == null || text.isBlank()) {
            return fallback;
        }
        try {
            return Integer.parseInt(text.trim());
        } catch (NumberFormatException e) {
            problems.add(name + ": '" + text + "' is not a number");
            return fallback;
        }
    }
}
