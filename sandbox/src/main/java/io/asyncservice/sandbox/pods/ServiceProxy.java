package io.asyncservice.sandbox.pods;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The sandbox's stand-in for cluster DNS and kube-proxy, for plain HTTP: a forward HTTP proxy on 127.0.0.1 that
 * containers get as {@code http_proxy}. A request such as {@code GET http://echo.demo.svc:8080/healthz} goes to the
 * local address that {@link ServiceAddresses} gives for {@code echo.demo.svc:8080} (port 80 when none is written),
 * with its method, path, query, headers and body; the answer comes back as it is. A loopback address, such as a
 * pod IP ({@code http://127.10.0.3:8000/health}), is passed on as it is. Headers that concern one
 * connection only (Connection and those it names, Proxy-Connection, Keep-Alive, Proxy-Authorization, TE, Trailer,
 * Transfer-Encoding, Upgrade) are not passed on, nor {@code Host}, which the forwarding client sets to the local
 * address. Redirects are passed back, not followed. Request bodies are read whole before they are forwarded;
 * responses are streamed. {@link ProxyForwarder} does the forwarding.
 *
 * <p>Answers of its own, as plain text: 502 when no Service answers to the host and port, or when the local address
 * does not take the connection (within 5 s); 501 for a proxy-form target that is not {@code http://}.
 *
 * <p>The sandbox proxies plain HTTP only. An https request through it ({@code CONNECT host:port}) fails with a
 * closed connection: the JDK's {@code HttpServer}, which listens on the proxy's port, cannot route a {@code CONNECT}
 * (its {@code host:port} target has no path) and closes the connection without an answer. (For an IP address
 * rather than a host name, such as {@code CONNECT 127.0.0.1:443}, the {@code HttpServer} answers 400 instead, as it
 * cannot read the target as a URI.)
 */
public final class ServiceProxy implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ServiceProxy.class);

    private final HttpServer server;
    private final ExecutorService executor;
    private final AtomicBoolean closed = new AtomicBoolean();

    private ServiceProxy(HttpServer server, ExecutorService executor) {
        this.server = server;
        this.executor = executor;
    }

    /** Listens on 127.0.0.1 on a free port. */
    public static ServiceProxy start(ServiceAddresses addresses) {
        AtomicInteger threads = new AtomicInteger();
        ExecutorService executor = Executors.newCachedThreadPool(task -> {
            Thread thread = new Thread(task, "service-proxy-" + threads.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 64);
            server.setExecutor(executor);
            server.createContext("/", new ProxyForwarder(addresses));
            server.start();
            ServiceProxy started = new ServiceProxy(server, executor);
            LOG.info("Service proxy listening on http://127.0.0.1:{}", started.port());
            return started;
        } catch (IOException e) {
            executor.shutdownNow();
            throw new UncheckedIOException("could not listen on 127.0.0.1 for the service proxy", e);
        }
    }

    /** The port to give containers as {@code http_proxy=http://127.0.0.1:<port>}. */
    public int port() {
        return server.getAddress().getPort();
    }

    /** Stops listening and cuts the connections in progress. */
    @Override
    public void close() {
        if (closed.getAndSet(true)) {
            return;
        }
        server.stop(0);
        executor.shutdownNow();
    }
}
