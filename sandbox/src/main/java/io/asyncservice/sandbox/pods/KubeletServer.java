package io.asyncservice.sandbox.pods;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The process kubelet's HTTPS endpoint, which the kube-apiserver calls for {@code kubectl logs}: it answers
 * {@code GET /containerLogs/{namespace}/{pod}/{container}} with the container's log file, found through
 * {@link ContainerLogs} (see {@link ContainerLogsHandler}), and {@code GET /healthz} with {@code ok}. It listens on
 * 127.0.0.1 on a free port, with a self-signed certificate ({@link KubeletKeystore}): the API server does not verify
 * a kubelet's certificate when it has no kubelet CA configured.
 *
 * <p>The query parameters the API server passes on from {@code kubectl logs}:
 * <ul>
 * <li>{@code tailLines=N}: only the last N lines;</li>
 * <li>{@code limitBytes=N}: at most N bytes in all (a follow ends there too);</li>
 * <li>{@code follow=true}: after the content so far, streams what is appended, looking at the file every
 * {@value ContainerLogsHandler#FOLLOW_POLL_MILLIS} ms, until the container's process has stopped and the file is
 * read to its end, or the client goes away (noticed at the next write, so a quiet container's follow lasts until it
 * writes or stops);</li>
 * <li>{@code previous=true}: refused with 400, since the sandbox keeps one log per container across restarts (the
 * file holds every run);</li>
 * <li>{@code timestamps}, {@code sinceSeconds}, {@code sinceTime}: ignored, since the log file does not record when
 * each line was written; lines come as the container wrote them.</li>
 * </ul>
 */
public final class KubeletServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(KubeletServer.class);

    private final HttpsServer server;
    private final ExecutorService executor;
    private final AtomicBoolean closed = new AtomicBoolean();

    private KubeletServer(HttpsServer server, ExecutorService executor) {
        this.server = server;
        this.executor = executor;
    }

    /**
     * Listens on 127.0.0.1 on a free port, with the certificate kept in {@code certDir} (made there on first use,
     * or again if it no longer loads).
     */
    public static KubeletServer start(Path certDir, ContainerLogs logs) {
        SSLContext tls = new KubeletKeystore(certDir, KubeletKeystore.jdkKeytool()).sslContext();
        AtomicInteger threads = new AtomicInteger();
        ExecutorService executor = Executors.newCachedThreadPool(task -> {
            Thread thread = new Thread(task, "kubelet-server-" + threads.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        try {
            HttpsServer server = HttpsServer.create(new InetSocketAddress("127.0.0.1", 0), 64);
            server.setHttpsConfigurator(new HttpsConfigurator(tls));
            server.setExecutor(executor);
            server.createContext(ContainerLogsHandler.PREFIX, new ContainerLogsHandler(logs));
            server.createContext("/", exchange -> {
                if ("/healthz".equals(exchange.getRequestURI().getPath())) {
                    PlainTextReply.send(exchange, 200, "ok");
                } else {
                    PlainTextReply.send(exchange, 404, "404 page not found\n");
                }
            });
            server.start();
            KubeletServer started = new KubeletServer(server, executor);
            LOG.info("Kubelet API listening on https://127.0.0.1:{}", started.port());
            return started;
        } catch (IOException e) {
            executor.shutdownNow();
            throw new UncheckedIOException("could not listen on 127.0.0.1 for the kubelet API", e);
        }
    }

    public int port() {
        return server.getAddress().getPort();
    }

    /** Stops listening, closes the connections and ends the follows in progress. */
    @Override
    public void close() {
        if (closed.getAndSet(true)) {
            return;
        }
        server.stop(0);
        executor.shutdownNow();
        try {
            executor.awaitTermination(1, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
