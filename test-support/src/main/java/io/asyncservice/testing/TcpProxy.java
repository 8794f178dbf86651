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
 * {@link #listen} forwards a given address and port instead, as the sandbox's process kubelet does for each pod's
 * {@code <podIP>:<containerPort>}.
 */
public final class TcpProxy implements AutoCloseable {

    private final ServerSocket server;
    private final String targetHost;
    private final int targetPort;
    private final SocketPipes pipes = new SocketPipes("tcp-proxy-pump");
    private final AtomicInteger accepted = new AtomicInteger();
    private final Thread acceptor;
    private volatile boolean closed;

    private TcpProxy(InetAddress listenHost, int listenPort, String targetHost, int targetPort) throws IOException {
        this.targetHost = targetHost;
        this.targetPort = targetPort;
        this.server = new ServerSocket(listenPort, 50, listenHost);
        this.acceptor = new Thread(this::acceptLoop, "tcp-proxy-" + server.getLocalPort());
        acceptor.setDaemon(true);
        acceptor.start();
    }

    /** Starts forwarding a free local port to {@code targetHost:targetPort}. */
    public static TcpProxy to(String targetHost, int targetPort) {
        try {
            return new TcpProxy(InetAddress.getLoopbackAddress(), 0, targetHost, targetPort);
        } catch (IOException e) {
            throw new IllegalStateException("could not start a TCP proxy to " + targetHost + ":" + targetPort, e);
        }
    }

    /**
     * Starts forwarding {@code listen}, an address of this machine and a port, to {@code targetHost:targetPort}.
     *
     * @throws IllegalStateException if it cannot listen there, e.g. because the port is taken on that address or on
     *                               the wildcard address; the cause says why
     */
    public static TcpProxy listen(InetSocketAddress listen, String targetHost, int targetPort) {
        if (listen.isUnresolved()) {
            throw new IllegalArgumentException("not an address: " + listen);
        }
        try {
            return new TcpProxy(listen.getAddress(), listen.getPort(), targetHost, targetPort);
        } catch (IOException e) {
            throw new IllegalStateException("could not listen on " + listen.getHostString() + ":" + listen.getPort()
                    + " to forward to " + targetHost + ":" + targetPort + ": " + e.getMessage(), e);
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
                if (closed) {
                    SocketPipes.closeQuietly(client);
                    return;
                }
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

    /**
     * Stops listening and closes every connection through the proxy. Once it returns, the port refuses connections:
     * it waits (up to 2 s) for the thread blocked in {@code accept}, which keeps the listening socket open until it
     * wakes up.
     */
    @Override
    public void close() {
        closed = true;
        SocketPipes.closeQuietly(server);
        if (Thread.currentThread() != acceptor) {
            try {
                acceptor.join(2_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        dropConnections();
    }
}
