package io.asyncservice.deploy.cluster;

import io.asyncservice.deploy.Chart;
import io.asyncservice.testing.helm.Helm;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * helm (the pinned binary of {@link Helm}) pointed at the control plane with its admin kubeconfig, as a cluster admin
 * installs the chart. Its cache, configuration and data live under {@code target/helm-home}, not in the user's home.
 */
final class HelmCli {

    private static final long TIMEOUT_SECONDS = 120;
    private static final Path HOME = Chart.DEPLOY.resolve("target/helm-home");

    private HelmCli() {
    }

    /** What helm printed: the result on standard output, warnings (its own and the API server's) on standard error. */
    record Output(String stdout, String stderr) {
    }

    /** Runs {@code helm args... --kubeconfig <admin>}; returns its output, or fails with it. */
    static Output run(String... args) {
        List<String> command = new ArrayList<>();
        command.add(Helm.binary().toString());
        command.addAll(List.of(args));
        command.add("--kubeconfig");
        command.add(Cluster.plane().kubeconfigPath().toString());
        try {
            Files.createDirectories(HOME);
            Path out = Files.createTempFile(HOME, "helm-", ".out");
            Path err = Files.createTempFile(HOME, "helm-", ".err");
            try {
                ProcessBuilder builder = new ProcessBuilder(command).directory(Chart.DEPLOY.toFile())
                        .redirectOutput(out.toFile()).redirectError(err.toFile())
                        .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
                builder.environment().put("HELM_CACHE_HOME", HOME.resolve("cache").toString());
                builder.environment().put("HELM_CONFIG_HOME", HOME.resolve("config").toString());
                builder.environment().put("HELM_DATA_HOME", HOME.resolve("data").toString());
                builder.environment().remove("KUBECONFIG");
                Process process = builder.start();
                if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                    throw new IllegalStateException(String.join(" ", command) + " did not finish in " + TIMEOUT_SECONDS
                            + " s\n" + Files.readString(err, StandardCharsets.UTF_8));
                }
                Output output = new Output(Files.readString(out, StandardCharsets.UTF_8),
                        Files.readString(err, StandardCharsets.UTF_8));
                if (process.exitValue() != 0) {
                    throw new IllegalStateException(String.join(" ", command) + " exited with " + process.exitValue()
                            + "\n" + output.stdout() + output.stderr());
                }
                return output;
            } finally {
                Files.deleteIfExists(out);
                Files.deleteIfExists(err);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not run " + String.join(" ", command), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
