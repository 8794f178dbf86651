package io.asyncservice.sidecar.config;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.deser.DeserializationProblemHandler;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import io.asyncservice.api.sidecar.SidecarConfig;
import io.asyncservice.api.sidecar.SidecarContract;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the sidecar's configuration once at start: the {@link SidecarConfig} JSON from {@code ASVC_CONFIG}, or from the
 * file named by {@code ASVC_CONFIG_FILE}, plus a few sidecar-only knobs from the environment.
 */
public final class ConfigLoader {

    /** How long SIGTERM waits for in-flight work; default: the endpoint timeout plus 10 s. */
    public static final String DRAIN_TIMEOUT_ENV = "ASVC_DRAIN_TIMEOUT";
    /** The longest one receive call waits for messages; default 5 s (also bounds how long /drain waits for a poll). */
    public static final String RECEIVE_WAIT_ENV = "ASVC_RECEIVE_WAIT";

    private static final Logger LOG = LoggerFactory.getLogger(ConfigLoader.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private ConfigLoader() {
    }

    /** Loads, defaults and validates; throws {@link ConfigException} naming each bad field. */
    public static SidecarSettings fromEnvironment(Map<String, String> env) {
        String json = env.get(SidecarContract.CONFIG_ENV);
        String source = SidecarContract.CONFIG_ENV;
        if (json == null || json.isBlank()) {
            String file = env.get(SidecarContract.CONFIG_FILE_ENV);
            if (file == null || file.isBlank()) {
                throw new ConfigException("no configuration: set " + SidecarContract.CONFIG_ENV + " to the JSON configuration, or "
                        + SidecarContract.CONFIG_FILE_ENV + " to the path of a file holding it");
            }
            source = SidecarContract.CONFIG_FILE_ENV + " (" + file + ")";
            try {
                json = Files.readString(Path.of(file));
            } catch (IOException e) {
                throw new ConfigException(SidecarContract.CONFIG_FILE_ENV + ": cannot read " + file + ": " + e);
            }
        }
        return ConfigValidator.validate(parse(json, source), env);
    }

    /** Parses the JSON; unknown fields are ignored with a warning so that a newer operator can add fields. */
    public static SidecarConfig parse(String json, String source) {
        List<String> unknown = new ArrayList<>();
        try {
            SidecarConfig config = JSON.reader()
                    .withHandler(new UnknownFieldCollector(unknown))
                    .forType(SidecarConfig.class)
                    .readValue(json);
            if (config == null) {
                throw new ConfigException(source + ": the configuration is empty");
            }
            if (!unknown.isEmpty()) {
                LOG.warn("ignoring unknown configuration fields: {}", String.join(", ", unknown));
            }
            return config;
        } catch (InvalidFormatException e) {
            String allowed = e.getTargetType() != null && e.getTargetType().isEnum()
                    ? " (one of " + enumValues(e.getTargetType()) + ")" : "";
            throw new ConfigException(path(e) + ": '" + e.getValue() + "' is not a valid value" + allowed);
        } catch (JsonMappingException e) {
            throw new ConfigException(path(e) + ": " + e.getOriginalMessage());
        } catch (JsonProcessingException e) {
            throw new ConfigException(source + ": not valid JSON: " + e.getOriginalMessage()
                    + (e.getLocation() != null ? " at line " + e.getLocation().getLineNr() + ", column "
                    + e.getLocation().getColumnNr() : ""));
        }
    }

    /** Serializes a configuration, e.g. for the operator or a test that starts a sidecar process. */
    public static String toJson(SidecarConfig config) {
        try {
            return JSON.writeValueAsString(config);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(e);
        }
    }

    private static String path(JsonMappingException e) {
        String p = e.getPath().stream()
                .map(r -> r.getFieldName() != null ? r.getFieldName() : "[" + r.getIndex() + "]")
                .collect(Collectors.joining(".")).replace(".[", "[");
        return p.isEmpty() ? "configuration" : p;
    }

    private static String enumValues(Class<?> type) {
        return Arrays.stream(type.getEnumConstants()).map(c -> {
            try {
                var prop = type.getField(((Enum<?>) c).name()).getAnnotation(com.fasterxml.jackson.annotation.JsonProperty.class);
                return prop != null ? prop.value() : ((Enum<?>) c).name();
            } catch (NoSuchFieldException ex) {
                return ((Enum<?>) c).name();
            }
        }).collect(Collectors.joining(", "));
    }

    /** Records unknown fields by path and skips them. */
    private static final class UnknownFieldCollector extends DeserializationProblemHandler {
        private final List<String> unknown;

        UnknownFieldCollector(List<String> unknown) {
            this.unknown = unknown;
        }

        @Override
        public boolean handleUnknownProperty(DeserializationContext ctxt, JsonParser p, JsonDeserializer<?> deserializer,
                Object beanOrClass, String propertyName) throws IOException {
            // On an object or array value the parser has already entered it; the field's own context is the parent.
            var ctx = p.getParsingContext();
            if (p.currentToken() == JsonToken.START_OBJECT || p.currentToken() == JsonToken.START_ARRAY) {
                ctx = ctx.getParent();
            }
            String path = pathOf(ctx);
            unknown.add(path.isEmpty() ? propertyName : path);
            p.skipChildren();
            return true;
        }

        private static String pathOf(com.fasterxml.jackson.core.JsonStreamContext ctx) {
            List<String> parts = new ArrayList<>();
            for (var c = ctx; c != null; c = c.getParent()) {
                if (c.getCurrentName() != null) {
                    parts.add(0, c.getCurrentName());
                }
            }
            return String.join(".", parts);
        }
    }
}
