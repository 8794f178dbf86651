package io.asyncservice.testing.k8s;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Finds the Kubernetes binaries the control plane runs ({@code etcd}, {@code kube-apiserver},
 * {@code kube-controller-manager}, {@code kubectl}): the directory in {@code ASVC_K8S_BIN} if it is set, otherwise the
 * directory that the project's {@code test-support/k8s/build} prints as the last line of its output. That script
 * builds the binaries once into a cache outside the checkout (many minutes the first time) and later only finds them;
 * its progress goes to this JVM's stderr. The answer is kept for the rest of the JVM.
 */
final class KubeBinaries {

    static final String BUILD_SCRIPT = "test-support/k8s/build";
    static final String BIN_ENV = "ASVC_K8S_BIN";
    static final List<String> NAMES = List.of("etcd", "kube-apiserver", "kube-controller-manager", "kubectl");
    /** A first build compiles Kubernetes from source; later runs answer in a second. */
    private static final long BUILD_TIMEOUT_MINUTES = 60;

    private static Path found;

    private KubeBinaries() {
    }

    /** The directory holding the four binaries, building them first if need be. */
    static synchronized Path dir() {
        if (found == null) {
            String env = System.getenv(BIN_ENV);
            found = env != null && !env.isBlank()
                    ? check(Path.of(env).toAbsolutePath(), BIN_ENV + "=" + env)
                    : build(repoRoot(Path.of(System.getProperty("user.dir")).toAbsolutePath()));
        }
        return found;
    }

    /** The checkout that holds the build script: {@code dir} or the nearest folder above it (tests run in a module's folder). */
    static Path repoRoot(Path dir) {
        for (Path d = dir; d != null; d = d.getParent()) {
            if (Files.isRegularFile(d.resolve("mvnw")) && Files.isRegularFile(d.resolve(BUILD_SCRIPT))) {
                return d;
            }
        }
        throw new IllegalStateException("no " + BUILD_SCRIPT + " in " + dir + " or any folder above it; run this from the"
                + " project's checkout, or set " + BIN_ENV + " to a directory holding " + NAMES);
    }

    /** The last non-blank line of a script's standard output. */
    static String lastLine(String stdout) {
        List<String> lines = stdout.lines().map(String::strip).filter(l -> !l.isEmpty()).toList();
        return lines.isEmpty() ? "" : lines.get(lines.size() - 1);
    }

    private static Path build(Path root) {
        Path script = root.resolve(BUILD_SCRIPT);
        Path stdout = null;
        try {
            stdout = Files.createTempFile("kube-binaries-", ".out");
            Process p = new ProcessBuilder("bash", script.toString())
                    .directory(root.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                    .redirectOutput(stdout.toFile())
                    .redirectError(ProcessBuilder.Redirect.INHERIT)
                    .start();
            if (!p.waitFor(BUILD_TIMEOUT_MINUTES, TimeUnit.MINUTES)) {
                p.destroy();
                if (!p.waitFor(10, TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                }
                throw new IllegalStateException(script + " did not finish within " + BUILD_TIMEOUT_MINUTES + " minutes");
            }
            String out = Files.readString(stdout, StandardCharsets.UTF_8);
            if (p.exitValue() != 0) {
                throw new IllegalStateException(script + " failed (exit " + p.exitValue() + "; its stderr is above):\n" + out);
            }
            String last = lastLine(out);
            if (last.isEmpty()) {
                throw new IllegalStateException(script + " printed no directory");
            }
            return check(Path.of(last).toAbsolutePath(), "the last line of " + script);
        } catch (IOException e) {
            throw new IllegalStateException("could not run " + script, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } finally {
            if (stdout != null) {
                stdout.toFile().delete();
            }
        }
    }

    private static Path check(Path dir, String source) {
        List<String> missing = NAMES.stream().filter(n -> !Files.isExecutable(dir.resolve(n))).toList();
        if (!missing.isEmpty()) {
            throw new IllegalStateException(source + " names " + dir + ", which lacks the executables " + missing);
        }
        return dir;
    }
}
