package io.asyncservice.sandbox;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Where the sidecar's runnable jar is: the system property {@code sandbox.sidecar.jar}, else the environment
 * variable {@code ASVC_SANDBOX_SIDECAR_JAR}, else {@code sidecar/target/async-service-sidecar.jar} in the checkout
 * that contains the working directory.
 */
public final class SidecarJar {

    public static final String PROPERTY = "sandbox.sidecar.jar";
    public static final String ENV = "ASVC_SANDBOX_SIDECAR_JAR";
    static final String IN_CHECKOUT = "sidecar/target/async-service-sidecar.jar";

    private SidecarJar() {
    }

    /** The jar; fails with the command that builds it when there is none. */
    public static Path locate() {
        Optional<Path> explicit = Optional.ofNullable(System.getProperty(PROPERTY)).or(() -> Optional.ofNullable(System.getenv(ENV)))
                .map(Path::of);
        if (explicit.isPresent()) {
            return require(explicit.get().toAbsolutePath().normalize());
        }
        Optional<Path> root = Checkout.root();
        if (root.isPresent()) {
            return require(root.get().resolve(IN_CHECKOUT));
        }
        throw new IllegalStateException("cannot find the sidecar jar: run from the checkout, or set " + PROPERTY + " or " + ENV);
    }

    private static Path require(Path jar) {
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar + " does not exist; build it with: ./mvnw -B -q -pl sandbox -am package -DskipTests");
        }
        return jar;
    }
}
