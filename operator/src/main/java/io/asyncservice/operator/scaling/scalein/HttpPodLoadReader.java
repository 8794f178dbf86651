package io.asyncservice.operator.scaling.scalein;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.asyncservice.api.sidecar.SidecarLoad;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Reads {@code GET http://<podIP>:<sidecar port>/load} from each Pod with the JDK's HTTP client, bounded: every call
 * has {@link #TIMEOUT} to connect and as much again to answer, at most {@link #MAX_IN_FLIGHT} calls run at once (the
 * rest wait for a free slot), and an answer longer than {@value #MAX_BODY_BYTES} bytes is not read on. So a service of
 * {@code n} Pods is read within about {@code ceil(n / MAX_IN_FLIGHT)} timeouts, however many Pods hang. A Pod without
 * an IP, a refused or silent port, an answer other than 200 (e.g. the 404 of a sidecar older than {@code /load}) or one
 * that is not the load's JSON is {@link PodLoad.Unreadable}, with the reason.
 */
public final class HttpPodLoadReader implements PodLoadReader {

    /** Time to connect, and time to answer: a sidecar answers from memory, at once. */
    public static final Duration TIMEOUT = Duration.ofSeconds(1);
    /** Calls in flight at once, over all the Pods of one service. */
    public static final int MAX_IN_FLIGHT = 16;
    static final int MAX_BODY_BYTES = 4096;

    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http;
    private final Duration timeout;
    private final int maxInFlight;

    public HttpPodLoadReader(HttpClient http, Duration timeout, int maxInFlight) {
        if (maxInFlight < 1) {
            throw new IllegalArgumentException("maxInFlight must be at least 1: " + maxInFlight);
        }
        this.http = http;
        this.timeout = timeout;
        this.maxInFlight = maxInFlight;
    }

    /** The reader with {@link #TIMEOUT} and {@link #MAX_IN_FLIGHT}, on a client of its own that reaches Pods directly. */
    public static HttpPodLoadReader create() {
        return new HttpPodLoadReader(client(TIMEOUT), TIMEOUT, MAX_IN_FLIGHT);
    }

    /** HTTP/1.1 (the sidecar's admin server speaks nothing else), no proxy (Pod IPs are reached directly), no redirects. */
    static HttpClient client(Duration connectTimeout) {
        return HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(connectTimeout)
                .proxy(HttpClient.Builder.NO_PROXY)
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    @Override
    public PodLoads read(List<ServicePod> pods) {
        Semaphore slots = new Semaphore(maxInFlight);
        List<CompletableFuture<PodLoad>> reads = new ArrayList<>(pods.size());
        boolean interrupted = false;
        for (ServicePod pod : pods) {
            Optional<URI> uri = pod.loadUri();
            if (uri.isEmpty()) {
                reads.add(CompletableFuture.completedFuture(new PodLoad.Unreadable(pod, pod.whyNoLoadUri())));
                continue;
            }
            if (interrupted || !acquire(slots)) {
                interrupted = true;
                reads.add(CompletableFuture.completedFuture(new PodLoad.Unreadable(pod, "not read: the scaler is stopping")));
                continue;
            }
            CompletableFuture<PodLoad> read;
            try {
                read = call(pod, uri.get());
            } catch (RuntimeException e) {
                read = CompletableFuture.completedFuture(new PodLoad.Unreadable(pod, e.toString()));
            }
            reads.add(read.whenComplete((load, failure) -> slots.release()));
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        return new PodLoads(reads.stream().map(CompletableFuture::join).toList());
    }

    private CompletableFuture<PodLoad> call(ServicePod pod, URI uri) {
        HttpRequest request = HttpRequest.newBuilder(uri).timeout(timeout).header("Accept", "application/json").GET().build();
        // The request timeout ends a call that gets no headers; this one also ends a body that never finishes.
        return http.sendAsync(request, info -> new BoundedBody(MAX_BODY_BYTES))
                .orTimeout(timeout.multipliedBy(2).toMillis(), TimeUnit.MILLISECONDS)
                .handle((response, failure) -> failure == null ? parse(pod, response) : unreadable(pod, failure));
    }

    private static PodLoad parse(ServicePod pod, HttpResponse<byte[]> response) {
        if (response.statusCode() != 200) {
            return new PodLoad.Unreadable(pod, "the sidecar answered HTTP " + response.statusCode());
        }
        try {
            return new PodLoad.Readable(pod, JSON.readValue(response.body(), SidecarLoad.class));
        } catch (IOException | RuntimeException e) {
            return new PodLoad.Unreadable(pod, "the answer is not the sidecar's load: " + firstLine(e.getMessage()));
        }
    }

    private PodLoad unreadable(ServicePod pod, Throwable failure) {
        Throwable cause = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
        String reason;
        if (cause instanceof HttpConnectTimeoutException) {
            reason = "no connection within " + millis(timeout);
        } else if (cause instanceof HttpTimeoutException) {
            reason = "no answer within " + millis(timeout);
        } else if (cause instanceof TimeoutException) {
            reason = "no complete answer within " + millis(timeout.multipliedBy(2));
        } else if (cause instanceof ConnectException) {
            reason = "connection refused";
        } else {
            reason = cause.toString();
        }
        return new PodLoad.Unreadable(pod, reason + " (" + pod.loadUri().map(URI::toString).orElse("") + ")");
    }

    private static boolean acquire(Semaphore slots) {
        try {
            slots.acquire();
            return true;
        } catch (InterruptedException e) {
            return false;
        }
    }

    private static String millis(Duration d) {
        return d.toMillis() % 1000 == 0 ? d.toSeconds() + " s" : d.toMillis() + " ms";
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "";
        }
        int end = message.indexOf('\n');
        return end < 0 ? message : message.substring(0, end);
    }

    /** Collects the body, and fails it (cancelling the rest) once it is longer than {@code limit} bytes. */
    static final class BoundedBody implements HttpResponse.BodySubscriber<byte[]> {

        private final int limit;
        private final CompletableFuture<byte[]> body = new CompletableFuture<>();
        private final java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        private Flow.Subscription subscription;

        BoundedBody(int limit) {
            this.limit = limit;
        }

        @Override
        public CompletionStage<byte[]> getBody() {
            return body;
        }

        @Override
        public void onSubscribe(Flow.Subscription s) {
            subscription = s;
            s.request(Long.MAX_VALUE);
        }

        @Override
        public void onNext(List<ByteBuffer> items) {
            if (body.isDone()) {
                return;
            }
            for (ByteBuffer b : items) {
                if (bytes.size() + b.remaining() > limit) {
                    subscription.cancel();
                    body.completeExceptionally(new IOException("the answer is longer than " + limit + " bytes"));
                    return;
                }
                byte[] chunk = new byte[b.remaining()];
                b.get(chunk);
                bytes.write(chunk, 0, chunk.length);
            }
        }

        @Override
        public void onError(Throwable t) {
            body.completeExceptionally(t);
        }

        @Override
        public void onComplete() {
            body.complete(bytes.toByteArray());
        }
    }
}
