package io.asyncservice.testing;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * The brokers this machine runs as services (RabbitMQ on 5672, NATS JetStream on 4222). They are started before
 * a session and in CI; if one has stopped, the tests start it the same way, so the suite needs nothing by hand.
 */
final class LocalServices {

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

    /** Returns once {@code host:port} accepts connections, running {@code start} first if it does not. */
    static synchronized void ensure(String name, String host, int port, List<String> start, Duration timeout) {
        if (accepts(host, port)) {
            return;
        }
        try {
            Process p = new ProcessBuilder(start).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            p.waitFor();
        } catch (IOException e) {
            throw new IllegalStateException(name + " is not running on " + host + ":" + port + " and could not be started with "
                    + String.join(" ", start), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        Instant deadline = Instant.now().plus(timeout);
        while (Instant.now().isBefore(deadline)) {
            if (accepts(host, port)) {
                return;
            }
            try {
                Thread.sleep(250);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        throw new IllegalStateException(name + " did not come up on " + host + ":" + port + " within " + timeout
                + " after " + String.join(" ", start));
    }
}
