package io.asyncservice.sidecar.config;

import io.asyncservice.api.sidecar.QueueRole;
import io.asyncservice.api.sidecar.SidecarContract;
import io.asyncservice.sidecar.broker.SecretSource;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * Secret values as the operator delivers them: environment variables named by {@link SidecarContract#secretEnv} and, for
 * Kafka, one file per client property under {@link SidecarContract#kafkaPropertiesDir} (the file name is the property
 * key, its content the value). Values are never logged.
 */
public final class EnvSecretSource implements SecretSource {

    private final Map<String, String> env;
    private final Function<QueueRole, Path> kafkaDirs;

    /** Reads the process environment and the standard mount points. */
    public EnvSecretSource(Map<String, String> env) {
        this(env, role -> Path.of(SidecarContract.kafkaPropertiesDir(role)));
    }

    /** For tests: Kafka property directories elsewhere. */
    public EnvSecretSource(Map<String, String> env, Function<QueueRole, Path> kafkaDirs) {
        this.env = Map.copyOf(env);
        this.kafkaDirs = kafkaDirs;
    }

    @Override
    public Optional<String> get(QueueRole role, String key) {
        String value = env.get(SidecarContract.secretEnv(role, key));
        return value == null || value.isEmpty() ? Optional.empty() : Optional.of(value);
    }

    @Override
    public Map<String, String> kafkaProperties(QueueRole role) {
        Path dir = kafkaDirs.apply(role);
        if (!Files.isDirectory(dir)) {
            return Map.of();
        }
        Map<String, String> properties = new TreeMap<>();
        // A mounted Secret also holds hidden entries (..data, ..2024_01_01...) that Kubernetes uses for atomic updates.
        try (Stream<Path> files = Files.list(dir)) {
            files.filter(f -> !f.getFileName().toString().startsWith("."))
                    .filter(Files::isRegularFile)
                    .forEach(f -> properties.put(f.getFileName().toString(), read(f)));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list the Kafka properties in " + dir, e);
        }
        return Map.copyOf(properties);
    }

    private static String read(Path file) {
        try {
            // A trailing newline comes from `kubectl create secret --from-file`, never from the property itself.
            return Files.readString(file, StandardCharsets.UTF_8).stripTrailing();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the Kafka property file " + file.getFileName(), e);
        }
    }
}
