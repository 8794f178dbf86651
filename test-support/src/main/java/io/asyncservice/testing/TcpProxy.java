package io.asyncservice.testing;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A TCP forwarder on 127.0.0.1 in front of a broker, for tests of connection loss: {@link #dropConnections()} cuts every
 * connection through it, as a network failure would, without touching the shared broker. New connections keep working.
 */
public final class TcpProxy implements AutoCloseable {

    private final ServerSocket server;
    private final String targetHost;
    private final int targetPort;
    private final SocketPipes pipes = new SocketPipes("tcp-proxy-pump");
    private final AtomicInteger accepted = new AtomicInteger();
    private volatile boolean closed;

    private TcpProxy(String targetHost, int targetPort) throws IOException {
        this.targetHost = targetHost;
        this.targetPort = targetPort;
        this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread acceptor = new Thread(this::acceptLoop, "tcp-proxy-" + server.getLocalPort());
        acceptor.setDaemon(true);
        acceptor.start();
    }

    /** Starts forwarding a free local port to {@code targetHost:targetPort}. */
    public static TcpProxy to(String targetHost, int targetPort) {
        try {
            return new TcpProxy(targetHost, targetPort);
        } catch (IOException e) {
            throw new IllegalStateException("could not start a TCP proxy to " + targetHost + ":" + targetPort, e);
        }
    }

    public int port() {
        return server.getLocalPort();
    }

    /** How many connections the proxy has accepted so far; a client that reconnected shows up twice. */
    public int acceptedConnections() {
        return accepted.get();
    }

    /** Closes every connection currently open through the proxy. */
    public void dropConnections() {
        pipes.closeAll();
    }

    private void acceptLoop() {
        while (!closed) {
            try {
                Socket client = server.accept();
                Socket upstream = new Socket();
                try {
                    upstream.connect(new InetSocketAddress(targetHost, targetPort), 2_000);
                } catch (IOException e) {
                    SocketPipes.closeQuietly(client);
                    SocketPipes.closeQuietly(upstream);
                    continue;
                }
                accepted.incrementAndGet();
                pipes.connect(client, upstream, n -> { });
            } catch (IOException e) {
                if (!closed) {
                    continue;
                }
                return;
            }
        }
    }

    @Override
    public void close() {
        closed = true;
        SocketPipes.closeQuietly(server);
        dropConnections();
    }
}
