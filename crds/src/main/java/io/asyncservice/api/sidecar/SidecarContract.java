package io.asyncservice.api.sidecar;

import java.util.List;
import java.util.Locale;

/**
 * The names the operator and the sidecar agree on: where the configuration is, how secret values arrive,
 * and the sidecar's own HTTP paths.
 */
public final class SidecarContract {

    /** The variable that holds the {@link SidecarConfig} as JSON. */
    public static final String CONFIG_ENV = "ASVC_CONFIG";
    /** For standalone runs: a file holding the same JSON, read when {@link #CONFIG_ENV} is not set. */
    public static final String CONFIG_FILE_ENV = "ASVC_CONFIG_FILE";

    public static final String LIVEZ_PATH = "/livez";
    public static final String READYZ_PATH = "/readyz";
    public static final String METRICS_PATH = "/metrics";
    /**
     * POST (or GET, for httpGet preStop hooks) stops fetching, finishes in-flight work and answers when it is acked.
     * It needs the {@link #DRAIN_TOKEN_HEADER} when the sidecar has a {@link #DRAIN_TOKEN_ENV}.
     */
    public static final String DRAIN_PATH = "/drain";
    /**
     * GET answers the sidecar's load as {@link SidecarLoad} JSON: messages in flight, the age of the oldest, the
     * successes since start and whether it drains. Read-only and without message content, so it needs no token; the
     * scaler reads it before a scale-in, to have Kubernetes remove idle pods first.
     */
    public static final String LOAD_PATH = "/load";
    /**
     * The sidecar's variable holding the Deployment's drain token: random, made by the operator, and sent back only
     * by the pod's own preStop hook in {@link #DRAIN_TOKEN_HEADER}. Without it, {@link #DRAIN_PATH} is open.
     */
    public static final String DRAIN_TOKEN_ENV = "ASVC_DRAIN_TOKEN";
    /** The header of the preStop httpGet that carries the drain token. */
    public static final String DRAIN_TOKEN_HEADER = "X-Asvc-Drain-Token";
    /**
     * The pod's terminationGracePeriodSeconds as a duration (e.g. {@code 630s}), so that the sidecar can tell that a
     * drain was not followed by a termination.
     */
    public static final String TERMINATION_GRACE_PERIOD_ENV = "ASVC_TERMINATION_GRACE_PERIOD";

    /** Keys of an SQS credentials Secret; the session token is optional. */
    public static final List<String> SQS_SECRET_KEYS = List.of("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN");
    /** Keys of a NATS credentials Secret; each is optional. */
    public static final List<String> NATS_SECRET_KEYS = List.of("token", "user", "password", "creds");
    /** The key under which the AMQP URI reaches the sidecar, whatever its key in the Secret. */
    public static final String AMQP_URI_KEY = "AMQP_URI";

    /** Where a Kafka credentials Secret is mounted, one file per client property. */
    private static final String KAFKA_PROPERTIES_ROOT = "/var/run/asyncservice/kafka/";

    private SidecarContract() {
    }

    /**
     * The variable that carries one secret value, e.g. {@code ASVC_INPUT_AWS_ACCESS_KEY_ID} or {@code ASVC_OUTPUT_TOKEN}.
     */
    public static String secretEnv(QueueRole role, String key) {
        String normalized = key.toUpperCase(Locale.ROOT).replaceAll("[^A-Z0-9]", "_");
        return "ASVC_" + role.envPrefix() + "_" + normalized;
    }

    /** The directory where a role's Kafka client properties are mounted. */
    public static String kafkaPropertiesDir(QueueRole role) {
        return KAFKA_PROPERTIES_ROOT + role.field();
    }
}
