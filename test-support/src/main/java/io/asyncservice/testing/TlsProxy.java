package io.asyncservice.testing;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;

/**
 * A TLS-terminating forwarder on 127.0.0.1 in front of a plain-TCP broker: it presents a fresh self-signed certificate
 * (made by the JDK's keytool, for the DNS name {@code localhost} only) and, once a client completes the TLS handshake,
 * opens a connection to the broker and forwards the decrypted bytes both ways. Nothing reaches the broker from a
 * client that refused the certificate: {@link #forwardedBytes()} stays 0 and {@link #upstreamConnections()} too.
 *
 * <p>No JVM trusts the certificate unless told to: {@link #trustingContext()} is an SSL context that does, for tests
 * that install it as the JVM default ({@link SSLContext#setDefault}) as a {@code javax.net.ssl.trustStore} would.
 */
public final class TlsProxy implements AutoCloseable {

    /** The only host name the certificate is issued for. */
    public static final String CERTIFICATE_HOST = "localhost";

    private final SSLServerSocket server;
    private final SelfSignedCertificate certificate;
    private final String targetHost;
    private final int targetPort;
    private final SocketPipes pipes = new SocketPipes("tls-proxy-pump");
    private final AtomicInteger handshakes = new AtomicInteger();
    private final AtomicInteger failedHandshakes = new AtomicInteger();
    private final AtomicInteger upstream = new AtomicInteger();
    private final AtomicLong forwarded = new AtomicLong();
    private volatile boolean closed;

    private TlsProxy(String targetHost, int targetPort) throws Exception {
        this.targetHost = targetHost;
        this.targetPort = targetPort;
        this.certificate = SelfSignedCertificate.forHost(CERTIFICATE_HOST);
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(certificate.keyStore(), SelfSignedCertificate.PASSWORD);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(kmf.getKeyManagers(), null, null);
        this.server = (SSLServerSocket) context.getServerSocketFactory().createServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread acceptor = new Thread(this::acceptLoop, "tls-proxy-" + server.getLocalPort());
        acceptor.setDaemon(true);
        acceptor.start();
    }

    /** Starts a TLS listener on a free local port that forwards to {@code targetHost:targetPort}. */
    public static TlsProxy to(String targetHost, int targetPort) {
        try {
            return new TlsProxy(targetHost, targetPort);
        } catch (Exception e) {
            throw new IllegalStateException("could not start a TLS proxy to " + targetHost + ":" + targetPort, e);
        }
    }

    public int port() {
        return server.getLocalPort();
    }

    /** An SSL context that trusts this proxy's certificate and nothing else. */
    public SSLContext trustingContext() {
        return certificate.trustingContext();
    }

    /** TLS handshakes that completed. */
    public int handshakes() {
        return handshakes.get();
    }

    /** TLS handshakes the client (or the proxy) broke off. */
    public int failedHandshakes() {
        return failedHandshakes.get();
    }

    /** Connections opened to the broker: one per completed handshake. */
    public int upstreamConnections() {
        return upstream.get();
    }

    /** Decrypted bytes forwarded from clients to the broker. */
    public long forwardedBytes() {
        return forwarded.get();
    }

    private void acceptLoop() {
        while (!closed) {
            Socket accepted;
            try {
                accepted = server.accept();
            } catch (IOException e) {
                if (closed) {
                    return;
                }
                continue;
            }
            Thread t = new Thread(() -> serve((SSLSocket) accepted), "tls-proxy-conn");
            t.setDaemon(true);
            t.start();
        }
    }

    private void serve(SSLSocket client) {
        pipes.track(client);
        try {
            client.setSoTimeout(30_000);
            client.startHandshake();
            client.setSoTimeout(0);
        } catch (IOException e) {
            failedHandshakes.incrementAndGet();
            SocketPipes.closeQuietly(client);
            pipes.forget(client);
            return;
        }
        handshakes.incrementAndGet();
        Socket broker = new Socket();
        try {
            broker.connect(new InetSocketAddress(targetHost, targetPort), 2_000);
        } catch (IOException e) {
            SocketPipes.closeQuietly(client);
            SocketPipes.closeQuietly(broker);
            pipes.forget(client);
            return;
        }
        upstream.incrementAndGet();
        pipes.connect(client, broker, forwarded::addAndGet);
    }

    @Override
    public void close() {
        closed = true;
        SocketPipes.closeQuietly(server);
        pipes.closeAll();
    }
}
