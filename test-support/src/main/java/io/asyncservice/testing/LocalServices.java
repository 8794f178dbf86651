package io.asyncservice.testing;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;

/**
 * The brokers the tests use from the machine (RabbitMQ on 5672 with its management API on 15672, NATS JetStream on
 * 4222). When one does not answer, this runs the project's {@code dev/services up <service>}, which installs the
 * package if it is missing and starts it; the suite therefore needs nothing by hand on a fresh machine.
 */
final class LocalServices {

    static final String SCRIPT = "dev/services";
    /** Installing with apt-get on a fresh machine can take minutes; the script bounds each of its own waits. */
    private static final long SCRIPT_TIMEOUT_MINUTES = 15;

    private LocalServices() {
    }

    static boolean accepts(String host, int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(host, port), 500);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** Returns once every port on {@code host} accepts connections, running {@code dev/services up service} if one does not. */
    static synchronized void ensure(String service, String host, int... ports) {
        if (allAccept(host, ports)) {
            return;
        }
        Path script = findScript(Path.of(System.getProperty("user.dir")).toAbsolutePath());
        String output = run(script, service);
        if (!allAccept(host, ports)) {
            throw new IllegalStateException(service + " does not answer on " + host + ":" + Arrays.toString(ports)
                    + " after " + script + " up " + service + ":\n" + output);
        }
    }

    private static boolean allAccept(String host, int... ports) {
        return Arrays.stream(ports).allMatch(port -> accepts(host, port));
    }

    /** The script in {@code dir} or the nearest folder above it (tests run in a module's folder, the sandbox at the root). */
    static Path findScript(Path dir) {
        for (Path d = dir; d != null; d = d.getParent()) {
            Path candidate = d.resolve(SCRIPT);
            if (Files.isRegularFile(candidate)) {
                return candidate;
            }
        }
        throw new IllegalStateException("no " + SCRIPT + " in " + dir + " or any folder above it; run this from the project's checkout");
    }

    private static String run(Path script, String service) {
        try {
            Process p = new ProcessBuilder("bash", script.toString(), "up", service).redirectErrorStream(true).start();
            p.getOutputStream().close();
            byte[] out = p.getInputStream().readAllBytes(); // ends when the script exits; the servers it starts close their copy
            if (!p.waitFor(SCRIPT_TIMEOUT_MINUTES, TimeUnit.MINUTES)) {
                p.destroyForcibly();
                throw new IllegalStateException(script + " up " + service + " did not finish within " + SCRIPT_TIMEOUT_MINUTES + " minutes");
            }
            String text = new String(out, StandardCharsets.UTF_8);
            System.err.print(text);
            if (p.exitValue() != 0) {
                throw new IllegalStateException(script + " up " + service + " failed (exit " + p.exitValue() + "):\n" + text);
            }
            return text;
        } catch (IOException e) {
            throw new IllegalStateException("could not run " + script, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
