package io.asyncservice.operator.config;

import io.asyncservice.api.v1alpha1.Durations;
import io.asyncservice.operator.model.SidecarDefaults;
import io.asyncservice.operator.scaling.ScalerSettings;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.fabric8.kubernetes.api.model.ResourceRequirementsBuilder;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * The operator's configuration, read once at start from environment variables and never changed afterwards.
 *
 * @param watchedNamespaces the namespaces whose AsyncServices are reconciled; empty means all namespaces
 * @param sidecar           the sidecar image and resources used when an AsyncService does not override them
 * @param serverSideApply   whether the Deployment and the status are written with server-side apply
 * @param httpHost          the address /healthz, /readyz and /metrics listen on; 0.0.0.0 so kubelet can probe them
 * @param httpPort          their port; 0 picks a free port
 * @param leaderElection    whether replicas elect a leader on a Lease, so that only one reconciles
 * @param leaseName         the Lease's name
 * @param leaseNamespace    the Lease's namespace; null means the operator's own namespace
 * @param secretRecheck     the longest time between two reconciles of an AsyncService (JOSDK's maximum reconciliation
 *                          interval): the bound on how long a rotated referenced Secret takes to reach the pod
 *                          template, since the operator reads Secrets by name and watches none
 * @param scaler            how the scaler loop runs: its threads, broker call timeout, fallback and per-endpoint limit
 */
public record OperatorConfig(
        Set<String> watchedNamespaces,
        SidecarDefaults sidecar,
        boolean serverSideApply,
        String httpHost,
        int httpPort,
        boolean leaderElection,
        String leaseName,
        String leaseNamespace,
        Duration secretRecheck,
        ScalerSettings scaler) {

    public static final String WATCH_NAMESPACES = "ASVC_WATCH_NAMESPACES";
    public static final String SIDECAR_IMAGE = "ASVC_SIDECAR_IMAGE";
    public static final String SIDECAR_CPU_REQUEST = "ASVC_SIDECAR_CPU_REQUEST";
    public static final String SIDECAR_MEMORY_REQUEST = "ASVC_SIDECAR_MEMORY_REQUEST";
    public static final String SIDECAR_CPU_LIMIT = "ASVC_SIDECAR_CPU_LIMIT";
    public static final String SIDECAR_MEMORY_LIMIT = "ASVC_SIDECAR_MEMORY_LIMIT";
    public static final String SERVER_SIDE_APPLY = "ASVC_SERVER_SIDE_APPLY";
    public static final String HTTP_HOST = "ASVC_HTTP_HOST";
    public static final String HTTP_PORT = "ASVC_HTTP_PORT";
    public static final String LEADER_ELECTION = "ASVC_LEADER_ELECTION";
    public static final String LEASE_NAME = "ASVC_LEASE_NAME";
    public static final String LEASE_NAMESPACE = "ASVC_LEASE_NAMESPACE";
    public static final String SECRET_RECHECK_INTERVAL = "ASVC_SECRET_RECHECK_INTERVAL";
    public static final String SCALER_READ_THREADS = "ASVC_SCALER_READ_THREADS";
    public static final String SCALER_APPLY_THREADS = "ASVC_SCALER_APPLY_THREADS";
    public static final String SCALER_CALL_TIMEOUT = "ASVC_SCALER_CALL_TIMEOUT";
    public static final String SCALER_FAILURES_BEFORE_FALLBACK = "ASVC_SCALER_FAILURES_BEFORE_FALLBACK";
    public static final String SCALER_MAX_READS_PER_ENDPOINT = "ASVC_SCALER_MAX_READS_PER_ENDPOINT";

    public static final String DEFAULT_SIDECAR_IMAGE = "ghcr.io/asyncservice/sidecar:0.1.0";
    public static final String DEFAULT_LEASE_NAME = "async-service-operator";
    public static final int DEFAULT_HTTP_PORT = 8080;
    /** How long a rotation of a referenced Secret takes at most to change the Deployment's pod template. */
    public static final Duration DEFAULT_SECRET_RECHECK = Duration.ofMinutes(5);

    public OperatorConfig {
        watchedNamespaces = Set.copyOf(watchedNamespaces);
        if (secretRecheck == null || secretRecheck.isNegative() || secretRecheck.isZero()) {
            throw new IllegalArgumentException("secretRecheck must be positive: " + secretRecheck);
        }
        if (httpPort < 0 || httpPort > 65535) {
            throw new IllegalArgumentException(HTTP_PORT + ": " + httpPort + " is not a port number");
        }
        if (scaler == null) {
            throw new IllegalArgumentException("scaler settings are required");
        }
    }

    /** Whether every namespace is watched. */
    public boolean watchesAllNamespaces() {
        return watchedNamespaces.isEmpty();
    }

    /** Reads the configuration from the process environment. */
    public static OperatorConfig fromEnv() {
        return fromEnv(System.getenv());
    }

    /**
     * Reads the configuration from {@code env}; unset variables take their defaults.
     *
     * @throws IllegalArgumentException naming the variable when a value cannot be used
     */
    public static OperatorConfig fromEnv(Map<String, String> env) {
        return new OperatorConfig(
                namespaces(value(env, WATCH_NAMESPACES, "")),
                new SidecarDefaults(value(env, SIDECAR_IMAGE, DEFAULT_SIDECAR_IMAGE), sidecarResources(env)),
                bool(env, SERVER_SIDE_APPLY, true),
                value(env, HTTP_HOST, "0.0.0.0"),
                integer(env, HTTP_PORT, DEFAULT_HTTP_PORT),
                bool(env, LEADER_ELECTION, false),
                value(env, LEASE_NAME, DEFAULT_LEASE_NAME),
                value(env, LEASE_NAMESPACE, null),
                positiveDuration(env, SECRET_RECHECK_INTERVAL, DEFAULT_SECRET_RECHECK),
                scalerSettings(env));
    }

    /** A copy with server-side apply switched on or off; the fabric8 mock API server cannot apply. */
    public OperatorConfig withServerSideApply(boolean on) {
        return new OperatorConfig(watchedNamespaces, sidecar, on, httpHost, httpPort, leaderElection, leaseName,
                leaseNamespace, secretRecheck, scaler);
    }

    /** A copy whose health and metrics server listens elsewhere, e.g. on 127.0.0.1 and a free port in tests. */
    public OperatorConfig withHttp(String host, int port) {
        return new OperatorConfig(watchedNamespaces, sidecar, serverSideApply, host, port, leaderElection, leaseName,
                leaseNamespace, secretRecheck, scaler);
    }

    /** A copy that reconciles every AsyncService at least this often, e.g. every few seconds in tests of rotation. */
    public OperatorConfig withSecretRecheck(Duration interval) {
        return new OperatorConfig(watchedNamespaces, sidecar, serverSideApply, httpHost, httpPort, leaderElection,
                leaseName, leaseNamespace, interval, scaler);
    }

    private static ScalerSettings scalerSettings(Map<String, String> env) {
        ScalerSettings d = ScalerSettings.defaults();
        return new ScalerSettings(
                atLeastOne(env, SCALER_READ_THREADS, d.readThreads()),
                atLeastOne(env, SCALER_APPLY_THREADS, d.applyThreads()),
                positiveDuration(env, SCALER_CALL_TIMEOUT, d.callTimeout()),
                atLeastOne(env, SCALER_FAILURES_BEFORE_FALLBACK, d.failuresBeforeFallback()),
                atLeastOne(env, SCALER_MAX_READS_PER_ENDPOINT, d.maxReadsPerEndpoint()));
    }

    private static Set<String> namespaces(String text) {
        String trimmed = text.trim();
        if (trimmed.isEmpty() || trimmed.equals("*")) {
            return Set.of();
        }
        return Arrays.stream(trimmed.split(","))
                .map(String::trim)
                .filter(s -> !s.isEmpty())
                .collect(Collectors.toCollection(TreeSet::new));
    }

    private static ResourceRequirements sidecarResources(Map<String, String> env) {
        Map<String, Quantity> requests = new LinkedHashMap<>();
        Map<String, Quantity> limits = new LinkedHashMap<>();
        putQuantity(requests, "cpu", env, SIDECAR_CPU_REQUEST, "50m");
        putQuantity(requests, "memory", env, SIDECAR_MEMORY_REQUEST, "128Mi");
        putQuantity(limits, "cpu", env, SIDECAR_CPU_LIMIT, "");
        putQuantity(limits, "memory", env, SIDECAR_MEMORY_LIMIT, "256Mi");
        ResourceRequirementsBuilder builder = new ResourceRequirementsBuilder();
        if (!requests.isEmpty()) {
            builder.withRequests(requests);
        }
        if (!limits.isEmpty()) {
            builder.withLimits(limits);
        }
        return builder.build();
    }

    /** An empty value means no quantity, e.g. no CPU limit. */
    private static void putQuantity(Map<String, Quantity> into, String resource, Map<String, String> env, String name,
            String fallback) {
        String text = value(env, name, fallback).trim();
        if (text.isEmpty()) {
            return;
        }
        try {
            Quantity quantity = new Quantity(text);
            Quantity.getAmountInBytes(quantity);
            into.put(resource, quantity);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(name + ": '" + text + "' is not a quantity such as 100m, 128Mi or 1", e);
        }
    }

    private static String value(Map<String, String> env, String name, String fallback) {
        String v = env.get(name);
        return v == null || v.isBlank() ? fallback : v.trim();
    }

    private static boolean bool(Map<String, String> env, String name, boolean fallback) {
        String v = value(env, name, null);
        if (v == null) {
            return fallback;
        }
        return switch (v.toLowerCase(Locale.ROOT)) {
            case "true", "on", "yes", "1" -> true;
            case "false", "off", "no", "0" -> false;
            default -> throw new IllegalArgumentException(name + ": '" + v + "' is not true or false");
        };
    }

    private static int integer(Map<String, String> env, String name, int fallback) {
        String v = value(env, name, null);
        if (v == null) {
            return fallback;
        }
        try {
            return Integer.parseInt(v);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + ": '" + v + "' is not a number", e);
        }
    }

    private static int atLeastOne(Map<String, String> env, String name, int fallback) {
        int n = integer(env, name, fallback);
        if (n < 1) {
            throw new IllegalArgumentException(name + ": " + n + " is less than 1");
        }
        return n;
    }

    /** A duration written as Kubernetes writes them (500ms, 30s, 5m, 1h30m), longer than zero. */
    private static Duration positiveDuration(Map<String, String> env, String name, Duration fallback) {
        String v = value(env, name, null);
        if (v == null) {
            return fallback;
        }
        Duration d = Durations.parse(name, v);
        if (d.isZero()) {
            throw new IllegalArgumentException(name + ": '" + v + "' must be longer than 0s");
        }
        return d;
    }
}
