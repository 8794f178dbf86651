package io.asyncservice.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Files that are generated from others and committed. With {@code -Ddeploy.update=true} a test rewrites them instead of
 * failing; commit the result.
 */
final class Drift {

    static final String REGENERATE = "./mvnw -B -pl deploy -am test -Ddeploy.update=true";

    private Drift() {
    }

    static void assertCommitted(Path committed, String expected, String whatItIs) {
        try {
            if (Boolean.getBoolean("deploy.update")) {
                Files.createDirectories(committed.getParent());
                Files.writeString(committed, expected);
            }
            String actual = Files.exists(committed) ? Files.readString(committed) : "";
            assertThat(actual)
                    .as("%s is out of date (%s). Regenerate it with: %s, and commit it",
                            Chart.REPO.relativize(committed), whatItIs, REGENERATE)
                    .isEqualTo(expected);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String read(Path path) {
        try {
            return Files.readString(path);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
