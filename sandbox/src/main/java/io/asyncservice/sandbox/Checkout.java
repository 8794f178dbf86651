package io.asyncservice.sandbox;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/** The checkout of this project that contains the working directory, where the sandbox finds what it runs. */
final class Checkout {

    private Checkout() {
    }

    /** The nearest directory at or above the working directory with the sidecar's and the deploy module's poms. */
    static Optional<Path> root() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.exists(dir.resolve("sidecar/pom.xml")) && Files.exists(dir.resolve("deploy/pom.xml"))) {
                return Optional.of(dir);
            }
        }
        return Optional.empty();
    }
}
