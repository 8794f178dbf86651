package io.asyncservice.sidecar.http;

import io.asyncservice.sidecar.config.EndpointSettings;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import org.apache.hc.client5.http.ConnectTimeoutException;
import org.apache.hc.client5.http.classic.methods.HttpPost;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.CloseableHttpResponse;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManager;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.HttpEntity;
import org.apache.hc.core5.http.io.entity.ByteArrayEntity;
import org.apache.hc.core5.util.TimeValue;
import org.apache.hc.core5.util.Timeout;

/**
 * Calls the app: {@code POST http://127.0.0.1:<port><path>} over a pool of HTTP/1.1 keep-alive connections, the body
 * byte for byte, with X-Request-Id, X-Async-Attempt, Content-Type and the trace headers; classifies what comes back. A
 * response body over {@link EndpointSettings#maxResponseBytes()} is a permanent failure that names the limit, and is
 * never read whole: the connection is dropped instead.
 *
 * <p>The client is Apache HttpClient 5's classic, blocking one: the delivery engine already gives each message in flight
 * a thread of its own, and a blocking exchange on it costs a fraction of the CPU of java.net.http's asynchronous
 * machinery (see BENCHMARKS.md). Automatic retries, redirects, cookies, authentication and content decompression are
 * off: the app gets exactly one request per attempt.
 *
 * <p>No header value from a message can make the call fail (see {@link HeaderValues}): a request id that cannot be sent
 * as it is goes percent-encoded, a content type that cannot is replaced by the default, and such a trace header is
 * left out.
 */
public final class HttpAppClient implements AppEndpoint, AutoCloseable {

    public static final String DEFAULT_CONTENT_TYPE = "application/json";
    private static final Duration MAX_CONNECT_TIMEOUT = Duration.ofSeconds(5);
    /** More than the most messages a sidecar holds in flight (delivery.concurrency is at most 1024). */
    private static final int MAX_CONNECTIONS = 1024;
    private static final int READ_CHUNK = 8 * 1024;
    /**
     * How long an idle connection is kept for the next call: shorter than common app servers' keep-alive (uvicorn 5 s,
     * Node 5 s, gunicorn 2 s), so the client never writes to a connection the app has just closed, which would cost
     * an attempt, since requests are never resent.
     */
    static final Duration KEEP_ALIVE = Duration.ofSeconds(2);

    private final CloseableHttpClient client;
    private final URI uri;
    private final Duration timeout;
    private final Clock clock;
    private final long maxResponseBytes;

    public HttpAppClient(EndpointSettings endpoint, Clock clock) {
        this.uri = URI.create("http://127.0.0.1:" + endpoint.port() + endpoint.path());
        this.timeout = endpoint.timeout();
        Duration connectTimeout = timeout.compareTo(MAX_CONNECT_TIMEOUT) < 0 ? timeout : MAX_CONNECT_TIMEOUT;
        this.clock = clock;
        this.maxResponseBytes = endpoint.maxResponseBytes();
        PoolingHttpClientConnectionManager connections = PoolingHttpClientConnectionManagerBuilder.create()
                .setMaxConnTotal(MAX_CONNECTIONS)
                .setMaxConnPerRoute(MAX_CONNECTIONS)
                .setDefaultConnectionConfig(ConnectionConfig.custom()
                        .setConnectTimeout(Timeout.of(connectTimeout))
                        .setSocketTimeout(Timeout.of(timeout))
                        .build())
                .build();
        this.client = HttpClients.custom()
                .setConnectionManager(connections)
                .setDefaultRequestConfig(RequestConfig.custom()
                        .setResponseTimeout(Timeout.of(timeout))
                        .setExpectContinueEnabled(false)
                        .setRedirectsEnabled(false)
                        .build())
                .setKeepAliveStrategy((response, context) -> TimeValue.of(KEEP_ALIVE))
                .disableAutomaticRetries()
                .disableRedirectHandling()
                .disableCookieManagement()
                .disableAuthCaching()
                .disableContentCompression()
                .disableConnectionState()
                .evictExpiredConnections()
                .build();
    }

    @Override
    public AppResult call(AppRequest request) throws InterruptedException {
        // Every value from the message is made sendable first: a bad one would make the call fail every attempt
        // without reaching the app.
        String contentType = HeaderValues.isSendable(request.contentType()) ? request.contentType() : DEFAULT_CONTENT_TYPE;
        HttpPost post = new HttpPost(uri);
        post.setHeader("Content-Type", contentType);
        post.setHeader("X-Request-Id", HeaderValues.requestId(request.requestId()));
        post.setHeader("X-Async-Attempt", Integer.toString(request.attempt()));
        for (Map.Entry<String, String> h : request.passHeaders().entrySet()) {
            if (HeaderValues.isSendable(h.getValue())) { // a trace header that is not is dropped: it is only a hint
                post.setHeader(h.getKey(), h.getValue());
            }
        }
        post.setEntity(new ByteArrayEntity(request.body(), null));
        // One send per attempt: a failed exchange is never resent here behind the app's back (the app may have acted
        // on it); it is an attempt like any other, retried with backoff under the next X-Async-Attempt.
        try {
            return send(post);
        } catch (IOException e) {
            if (Thread.interrupted()) {
                throw new InterruptedException("interrupted while calling the app");
            }
            return failure(e);
        }
    }

    private AppResult send(HttpPost post) throws IOException {
        CloseableHttpResponse response = client.execute(post);
        int status = response.getCode();
        byte[] body;
        try {
            body = body(response.getEntity());
        } catch (ResponseTooLargeException large) {
            // The app answered, but what it answered cannot be kept: no retry would make it smaller. The rest is not
            // read: the connection is dropped, where closing the response would drain it for reuse.
            post.cancel();
            closeQuietly(response);
            return new AppResult(AppOutcome.PERMANENT, null, null, null, null, large.getMessage());
        } catch (IOException | RuntimeException e) {
            post.cancel();
            closeQuietly(response);
            throw e;
        }
        response.close();
        AppOutcome outcome = OutcomeClassifier.classify(status);
        Header type = response.getFirstHeader("Content-Type");
        Header retryAfterHeader = response.getFirstHeader("Retry-After");
        var retryAfter = outcome == AppOutcome.RETRYABLE
                ? RetryAfter.parse(retryAfterHeader == null ? null : retryAfterHeader.getValue(), clock.instant()) : null;
        String error = outcome == AppOutcome.SUCCESS ? null : "the app answered " + status;
        return new AppResult(outcome, status, body, type == null ? null : type.getValue(), retryAfter, error);
    }

    /**
     * The whole body, refused before a byte is read when its declared length is over the limit, else cut at it. The
     * stream is closed (the connection returned to the pool) only when the body was read to its end.
     */
    private byte[] body(HttpEntity entity) throws IOException {
        if (entity == null) {
            return new byte[0];
        }
        long declared = entity.getContentLength();
        if (declared > maxResponseBytes) {
            throw new ResponseTooLargeException(maxResponseBytes, declared, true);
        }
        byte[] buffer = new byte[declared >= 0 ? (int) declared : (int) Math.min(maxResponseBytes + 1, READ_CHUNK)];
        int size = 0;
        InputStream in = entity.getContent();
        while (true) {
            if (size == buffer.length) {
                if (size > maxResponseBytes) {
                    throw new ResponseTooLargeException(maxResponseBytes, size, false);
                }
                if (declared >= 0) {
                    break;
                }
                buffer = Arrays.copyOf(buffer, (int) Math.min(maxResponseBytes + 1, Math.max(READ_CHUNK, 2L * size)));
            }
            int n = in.read(buffer, size, buffer.length - size);
            if (n < 0) {
                break;
            }
            size += n;
        }
        in.close();
        return size == buffer.length ? buffer : Arrays.copyOf(buffer, size);
    }

    private static void closeQuietly(CloseableHttpResponse response) {
        try {
            response.close();
        } catch (IOException | RuntimeException ignored) {
            // the connection is dropped already
        }
    }

    private AppResult failure(IOException e) {
        if (e instanceof ConnectTimeoutException) {
            return AppResult.noResponse("could not connect to the app at " + uri + " within the connect timeout");
        }
        if (e instanceof SocketTimeoutException) {
            return AppResult.noResponse("the app did not answer within " + timeout);
        }
        if (e instanceof ConnectException) {
            return AppResult.noResponse("connection refused by the app at " + uri);
        }
        return AppResult.noResponse("connection to the app failed: " + e);
    }

    @Override
    public void close() {
        client.close(org.apache.hc.core5.io.CloseMode.IMMEDIATE);
    }

    /** A response body over delivery.maxResponseSize. */
    static final class ResponseTooLargeException extends IOException {

        ResponseTooLargeException(long limit, long size, boolean declared) {
            super("the app's response is " + (declared ? "" : "more than ") + size + " bytes, over the limit of " + limit
                    + " bytes (delivery.maxResponseSize)");
        }
    }
}
