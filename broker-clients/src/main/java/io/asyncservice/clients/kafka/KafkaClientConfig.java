package io.asyncservice.clients.kafka;

import java.util.Map;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.CommonClientConfigs;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The part of a Kafka client's configuration every runtime shares: the caller's defaults, then every property of the
 * credentials Secret (security.protocol, sasl.*, ssl.*, or any tuning), then the spec's bootstrap servers, which a
 * Secret cannot override. Callers then set what their own guarantees rest on. Property values are never logged, only
 * names, and {@link #redactedMessage} keeps them out of error messages.
 */
public final class KafkaClientConfig {

    private static final Logger log = LoggerFactory.getLogger(KafkaClientConfig.class);
    private static final Pattern QUOTED = Pattern.compile("\"([^\"]*)\"");

    private KafkaClientConfig() {
    }

    /**
     * @param defaults         the caller's defaults, which the Secret may override
     * @param secretProperties the credentials Secret, one client property per key
     * @param bootstrapServers the spec's {@code bootstrapServers}
     */
    public static Properties base(Map<String, ?> defaults, Map<String, String> secretProperties, String bootstrapServers) {
        if (bootstrapServers == null || bootstrapServers.isBlank()) {
            throw new IllegalArgumentException("kafka.bootstrapServers is required");
        }
        Properties props = new Properties();
        props.putAll(defaults);
        props.putAll(secretProperties);
        Object previous = props.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        if (previous != null && !previous.toString().trim().equalsIgnoreCase(bootstrapServers)) {
            log.warn("kafka: property {} from the credentials Secret is ignored; the spec's bootstrapServers are used",
                    CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG);
        }
        return props;
    }

    /**
     * The innermost message of a client error, with every credential value masked. Callers should not chain the cause
     * into anything that is logged: a stack trace would print the unmasked message.
     */
    public static String redactedMessage(Throwable error, Map<String, String> secretProperties) {
        Throwable t = error;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return redact(t.getClass().getSimpleName() + ": " + t.getMessage(), secretProperties);
    }

    /** {@code text} with every credential value masked, including the quoted parts of a JAAS line. */
    public static String redact(String text, Map<String, String> secretProperties) {
        String message = text;
        for (String value : secretProperties.values()) {
            if (value == null) {
                continue;
            }
            message = mask(message, value);
            // A JAAS line carries its password in quotes; a parse error may quote just that part.
            Matcher quoted = QUOTED.matcher(value);
            while (quoted.find()) {
                message = mask(message, quoted.group(1));
            }
        }
        return message;
    }

    private static String mask(String text, String secret) {
        return secret.length() >= 3 ? text.replace(secret, "****") : text;
    }
}
