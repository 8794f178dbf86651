package io.asyncservice.sandbox;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The real kubectl, the one built with the control plane, run against one kubeconfig, with its own HOME so that its
 * discovery cache is fresh.
 */
public final class KubectlCli {

    private final Path binary;
    private final Path kubeconfig;
    private final Path home;

    public KubectlCli(Path binary, Path kubeconfig, Path home) {
        this.binary = binary;
        this.kubeconfig = kubeconfig;
        this.home = home;
    }

    /** kubectl for the sandbox's cluster, as its admin. */
    public static KubectlCli of(Sandbox sandbox, Path home) {
        return new KubectlCli(sandbox.controlPlane().binDir().resolve("kubectl"), sandbox.kubeconfig(), home);
    }

    public Result run(String... args) {
        return runWithInput(null, args);
    }

    /** {@code kubectl apply -f -} with the YAML on stdin. */
    public Result apply(String yaml) {
        return runWithInput(yaml, "apply", "-f", "-");
    }

    /** Runs kubectl with {@code stdin} (may be null) and returns its exit code and output. */
    public Result runWithInput(String stdin, String... args) {
        List<String> command = new ArrayList<>();
        command.add(binary.toString());
        command.addAll(List.of(args));
        try {
            Path out = Files.createTempFile(home, "kubectl", ".out");
            Path err = Files.createTempFile(home, "kubectl", ".err");
            ProcessBuilder builder = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile());
            builder.environment().put("KUBECONFIG", kubeconfig.toString());
            builder.environment().put("HOME", home.toString());
            Process process = builder.start();
            if (stdin != null) {
                process.getOutputStream().write(stdin.getBytes(StandardCharsets.UTF_8));
            }
            process.getOutputStream().close();
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException("kubectl " + String.join(" ", args) + " did not finish in 60s");
            }
            return new Result(process.exitValue(), Files.readString(out), Files.readString(err));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /**
     * Starts a kubectl that keeps running, such as {@code get -w}; its output so far is {@link Watch#output()}, and
     * closing the watch stops it.
     */
    public Watch watch(String... args) {
        List<String> command = new ArrayList<>();
        command.add(binary.toString());
        command.addAll(List.of(args));
        try {
            Path out = Files.createTempFile(home, "kubectl-watch", ".out");
            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(out.toFile());
            builder.environment().put("KUBECONFIG", kubeconfig.toString());
            builder.environment().put("HOME", home.toString());
            return new Watch(builder.start(), out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A running kubectl and the file its output goes to. */
    public record Watch(Process process, Path out) implements AutoCloseable {

        public String output() throws IOException {
            return Files.readString(out);
        }

        @Override
        public void close() {
            process.destroy();
        }
    }

    public record Result(int exitCode, String stdout, String stderr) {

        /** The output, failing with kubectl's own message when it did not exit with 0. */
        public String ok() {
            if (exitCode != 0) {
                throw new AssertionError("kubectl failed with " + exitCode + ": " + stderr + stdout);
            }
            return stdout;
        }
    }
}
