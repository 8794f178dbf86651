package io.asyncservice.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * A short-lived nats-server of a test's own, on a free port, for what the shared server on 4222 cannot show, such as
 * authentication ({@code --auth TOKEN}, {@code --user U --pass P}). JetStream is on, with a temporary store.
 */
public final class PrivateNatsServer implements AutoCloseable {

    private static final String BINARY = "/usr/sbin/nats-server";

    private final Process process;
    private final int port;
    private final Path storeDir;

    private PrivateNatsServer(Process process, int port, Path storeDir) {
        this.process = process;
        this.port = port;
        this.storeDir = storeDir;
    }

    /** Starts {@code nats-server -js} on 127.0.0.1 with the given extra arguments and waits until it accepts connections. */
    public static PrivateNatsServer start(String... extraArgs) {
        int port = FreePorts.find();
        try {
            Path store = Files.createTempDirectory("nats-private-");
            List<String> command = new ArrayList<>(List.of(BINARY, "-a", "127.0.0.1", "-p", String.valueOf(port), "-js",
                    "-sd", store.toString()));
            command.addAll(List.of(extraArgs));
            Process process = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            PrivateNatsServer server = new PrivateNatsServer(process, port, store);
            Instant deadline = Instant.now().plus(Duration.ofSeconds(10));
            while (!LocalServices.accepts("127.0.0.1", port)) {
                if (!process.isAlive() || Instant.now().isAfter(deadline)) {
                    server.close();
                    throw new IllegalStateException("nats-server did not start on port " + port);
                }
                Thread.sleep(50);
            }
            return server;
        } catch (IOException e) {
            throw new IllegalStateException("could not start " + BINARY, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public String url() {
        return "nats://127.0.0.1:" + port;
    }

    public int port() {
        return port;
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(5, java.util.concurrent.TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try (Stream<Path> files = Files.walk(storeDir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // best effort: a temporary directory
        }
    }
}
