package io.asyncservice.testing;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongConsumer;

/**
 * The open connections of a test proxy and the byte pumps between them: what {@link TcpProxy} and {@link TlsProxy}
 * share. A pump copies one direction until either side goes away, then closes both sockets and forgets them.
 */
final class SocketPipes {

    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private final String threadName;

    SocketPipes(String threadName) {
        this.threadName = threadName;
    }

    /** Remembers a socket, so that {@link #closeAll()} closes it. */
    void track(Socket socket) {
        open.add(socket);
    }

    /** Forgets a socket that is closed already or was never piped. */
    void forget(Socket socket) {
        open.remove(socket);
    }

    /** Pumps both directions between two tracked sockets; {@code clientBytes} hears what goes from client to upstream. */
    void connect(Socket client, Socket upstream, LongConsumer clientBytes) {
        track(client);
        track(upstream);
        pump(client, upstream, clientBytes);
        pump(upstream, client, n -> { });
    }

    private void pump(Socket from, Socket to, LongConsumer bytes) {
        Thread t = new Thread(() -> {
            byte[] buffer = new byte[16 * 1024];
            try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                int n;
                while ((n = in.read(buffer)) >= 0) {
                    out.write(buffer, 0, n);
                    out.flush();
                    bytes.accept(n);
                }
            } catch (IOException ignored) {
                // the other side went away or the connection was dropped
            } finally {
                closeQuietly(from);
                closeQuietly(to);
                open.remove(from);
                open.remove(to);
            }
        }, threadName);
        t.setDaemon(true);
        t.start();
    }

    /** Closes every tracked connection. */
    void closeAll() {
        for (Socket socket : open) {
            closeQuietly(socket);
        }
        open.clear();
    }

    static void closeQuietly(Closeable closeable) {
        try {
            closeable.close();
        } catch (IOException ignored) {
            // closing anyway
        }
    }
}
