package io.asyncservice.sidecar.http;

import io.asyncservice.sidecar.config.EndpointSettings;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;

/**
 * Calls the app: {@code POST http://127.0.0.1:<port><path>} over one shared HTTP/1.1 keep-alive client, the body byte for
 * byte, with X-Request-Id, X-Async-Attempt, Content-Type and the trace headers; classifies what comes back. A response
 * body over {@link EndpointSettings#maxResponseBytes()} is a permanent failure that names the limit, and is never read whole.
 *
 * <p>No header value from a message can make the call fail (see {@link HeaderValues}): a request id that cannot be sent
 * as it is goes percent-encoded, a content type that cannot is replaced by the default, and such a trace header is
 * left out.
 */
public final class HttpAppClient implements AppEndpoint {

    public static final String DEFAULT_CONTENT_TYPE = "application/json";
    private static final Duration MAX_CONNECT_TIMEOUT = Duration.ofSeconds(5);

    private final HttpClient client;
    private final URI uri;
    private final Duration timeout;
    private final Clock clock;
    private final HttpResponse.BodyHandler<byte[]> bodyHandler;

    public HttpAppClient(EndpointSettings endpoint, Clock clock) {
        this.uri = URI.create("http://127.0.0.1:" + endpoint.port() + endpoint.path());
        this.timeout = endpoint.timeout();
        this.clock = clock;
        this.bodyHandler = LimitedBodySubscriber.handler(endpoint.maxResponseBytes());
        this.client = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .followRedirects(HttpClient.Redirect.NEVER)
                // The client's own steps (parsing the response, completing the exchange) run on its selector thread
                // instead of being handed to a pool and back: the body handlers are in-memory, so nothing blocks there.
                // Measured with ./bench/run at concurrency 32: about 15% less sidecar CPU per message.
                .executor(Runnable::run)
                .connectTimeout(timeout.compareTo(MAX_CONNECT_TIMEOUT) < 0 ? timeout : MAX_CONNECT_TIMEOUT)
                .build();
    }

    @Override
    public AppResult call(AppRequest request) throws InterruptedException {
        // Every value from the message is made sendable first: HttpClient refuses a bad one by throwing, and the
        // message would then fail every attempt without reaching the app.
        String contentType = HeaderValues.isSendable(request.contentType()) ? request.contentType() : DEFAULT_CONTENT_TYPE;
        HttpRequest.Builder b = HttpRequest.newBuilder(uri)
                .timeout(timeout)
                .header("Content-Type", contentType)
                .header("X-Request-Id", HeaderValues.requestId(request.requestId()))
                .header("X-Async-Attempt", Integer.toString(request.attempt()))
                .POST(HttpRequest.BodyPublishers.ofByteArray(request.body()));
        for (Map.Entry<String, String> h : request.passHeaders().entrySet()) {
            if (HeaderValues.isSendable(h.getValue())) { // a trace header that is not is dropped: it is only a hint
                b.header(h.getKey(), h.getValue());
            }
        }
        HttpRequest httpRequest = b.build();
        // One send per attempt: a failed exchange is never resent here behind the app's back (the app may have acted
        // on it); it is an attempt like any other, retried with backoff under the next X-Async-Attempt.
        try {
            return send(httpRequest);
        } catch (IOException e) {
            return failure(e);
        }
    }

    private AppResult send(HttpRequest request) throws IOException, InterruptedException {
        HttpResponse<byte[]> response;
        try {
            response = client.send(request, bodyHandler);
        } catch (IOException e) {
            if (tooLarge(e) instanceof LimitedBodySubscriber.ResponseTooLargeException large) {
                // The app answered, but what it answered cannot be kept: no retry would make it smaller.
                return new AppResult(AppOutcome.PERMANENT, null, null, null, null, large.getMessage());
            }
            throw e;
        }
        int status = response.statusCode();
        AppOutcome outcome = OutcomeClassifier.classify(status);
        String contentType = response.headers().firstValue("Content-Type").orElse(null);
        var retryAfter = outcome == AppOutcome.RETRYABLE
                ? RetryAfter.parse(response.headers().firstValue("Retry-After").orElse(null), clock.instant()) : null;
        String error = outcome == AppOutcome.SUCCESS ? null : "the app answered " + status;
        return new AppResult(outcome, status, response.body(), contentType, retryAfter, error);
    }

    private static Throwable tooLarge(IOException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof LimitedBodySubscriber.ResponseTooLargeException) {
                return t;
            }
        }
        return null;
    }

    private AppResult failure(IOException e) {
        if (e instanceof HttpConnectTimeoutException) {
            return AppResult.noResponse("could not connect to the app at " + uri + " within the connect timeout");
        }
        if (e instanceof HttpTimeoutException) {
            return AppResult.noResponse("the app did not answer within " + timeout);
        }
        if (e instanceof ConnectException) {
            return AppResult.noResponse("connection refused by the app at " + uri);
        }
        return AppResult.noResponse("connection to the app failed: " + e);
    }
}
