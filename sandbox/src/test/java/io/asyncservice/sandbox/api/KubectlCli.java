package io.asyncservice.sandbox.api;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** The real kubectl binary, run against one kubeconfig, with its own HOME so that its discovery cache is fresh. */
public final class KubectlCli {

    private final Path kubeconfig;
    private final Path home;

    public KubectlCli(Path kubeconfig, Path home) {
        this.kubeconfig = kubeconfig;
        this.home = home;
    }

    /** Whether a kubectl is on the PATH. */
    public static boolean available() {
        try {
            Process p = new ProcessBuilder("kubectl", "version", "--client").redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
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
        command.add("kubectl");
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
