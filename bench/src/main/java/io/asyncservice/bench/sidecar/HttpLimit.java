package io.asyncservice.bench.sidecar;

import io.asyncservice.bench.broker.Rate;
import io.asyncservice.bench.broker.RateClock;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * The HTTP limit: the plain JDK {@link HttpClient} (HTTP/1.1, as the sidecar uses) sending POSTs to the no-op app from
 * {@code concurrency} threads at once, each waiting for its answer before the next. No broker at all.
 */
public final class HttpLimit {

    private static final byte[] BODY = "{\"i\":0}".getBytes(StandardCharsets.UTF_8);

    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private final URI uri;

    public HttpLimit(String url) {
        this.uri = URI.create(url);
    }

    public Rate measure(int concurrency, int count) {
        RateClock clock = new RateClock();
        ExecutorService pool = Executors.newFixedThreadPool(concurrency);
        for (int t = 0; t < concurrency; t++) {
            pool.submit(() -> {
                while (clock.count() < count) {
                    callOnce();
                    clock.add(1);
                }
                return null;
            });
        }
        pool.shutdown();
        try {
            pool.awaitTermination(5, TimeUnit.MINUTES);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return clock.rate();
    }

    /** One POST, answered 200; returns how long it took in milliseconds. */
    public double callOnce() {
        long start = System.nanoTime();
        try {
            HttpResponse<Void> r = client.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30))
                    .header("Content-Type", "application/json").header("X-Request-Id", "direct")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(BODY)).build(), HttpResponse.BodyHandlers.discarding());
            if (r.statusCode() != 200) {
                throw new IllegalStateException("the no-op app answered " + r.statusCode());
            }
        } catch (IOException e) {
            throw new IllegalStateException("the no-op app did not answer", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        return (System.nanoTime() - start) / 1e6;
    }
}
