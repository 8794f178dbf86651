package io.asyncservice.sidecar.engine;

import io.asyncservice.sidecar.broker.Delivery;
import io.asyncservice.sidecar.format.AppInput;
import io.asyncservice.sidecar.format.MessageCodec;
import io.asyncservice.sidecar.format.RequestIds;
import io.asyncservice.sidecar.format.UndecodableMessageException;
import io.asyncservice.sidecar.http.AppEndpoint;
import io.asyncservice.sidecar.http.AppRequest;
import io.asyncservice.sidecar.http.AppResult;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * Works one delivery to its end on a worker thread: decode, call the app with in-process retries, then hand the result
 * to the {@link DeliverySettler}.
 *
 * <p>Attempts: the first attempt number is the broker's delivery count, so attempts count across restarts; a delivery
 * that arrives with a count above maxAttempts fails without calling the app. Retryable failures wait for the backoff
 * (or the app's Retry-After) while the lease keeps being extended. While draining no new attempt is started: a
 * message that would be retried is released instead, and its next delivery carries on counting.
 */
final class DeliveryProcessor {

    private static final Logger LOG = LoggerFactory.getLogger(DeliveryProcessor.class);

    private final MessageCodec codec;
    private final AppEndpoint app;
    private final Backoff backoff;
    private final int maxAttempts;
    private final DeliverySettler settler;
    private final StopSignal draining;
    private final EngineMetrics metrics;

    DeliveryProcessor(MessageCodec codec, AppEndpoint app, Backoff backoff, int maxAttempts, DeliverySettler settler,
            StopSignal draining, EngineMetrics metrics) {
        this.codec = codec;
        this.app = app;
        this.backoff = backoff;
        this.maxAttempts = maxAttempts;
        this.settler = settler;
        this.draining = draining;
        this.metrics = metrics;
    }

    void process(InFlightDelivery f) throws InterruptedException {
        Delivery d = f.delivery();
        int attempt = Math.max(1, d.deliveryCount());
        AppInput in;
        try {
            in = codec.decode(d);
        } catch (UndecodableMessageException e) {
            String id = RequestIds.resolve(d.requestId());
            f.requestId(id);
            MDC.put("request_id", id);
            settler.fail(f, new Failure(id, null, "undecodable message: " + e.getMessage(), attempt, null));
            return;
        }
        f.requestId(in.requestId());
        MDC.put("request_id", in.requestId());
        if (attempt > maxAttempts) {
            settler.fail(f, new Failure(in.requestId(), in, "delivered " + attempt + " times, more than maxAttempts ("
                    + maxAttempts + "); not sent to the app again", attempt, null));
            return;
        }
        while (true) {
            long start = System.nanoTime();
            AppResult r = app.call(new AppRequest(in.requestId(), attempt, in.body(), in.contentType(), in.passHeaders()));
            metrics.appCall(r.outcome(), System.nanoTime() - start);
            switch (r.outcome()) {
                case SUCCESS -> {
                    settler.succeed(f, in, r);
                    return;
                }
                case PERMANENT -> {
                    settler.fail(f, new Failure(in.requestId(), in, r.error() + " (a permanent failure, not retried)", attempt, r));
                    return;
                }
                case RETRYABLE -> {
                    if (attempt >= maxAttempts) {
                        settler.fail(f, new Failure(in.requestId(), in, "gave up after attempt " + attempt + " of " + maxAttempts
                                + ": " + r.error(), attempt, r));
                        return;
                    }
                    if (draining.raised()) {
                        settler.release(f, "draining, so attempt " + (attempt + 1) + " is left to the next delivery ("
                                + r.error() + ")");
                        return;
                    }
                    Duration delay = backoff.delayAfter(attempt, r.retryAfter());
                    metrics.retry();
                    LOG.atInfo().addKeyValue("request_id", in.requestId()).addKeyValue("attempt", attempt)
                            .log("request {} attempt {} failed, retrying in {} ms: {}", in.requestId(), attempt,
                                    delay.toMillis(), r.error());
                    if (draining.awaitFor(delay)) {
                        settler.release(f, "draining, so attempt " + (attempt + 1) + " is left to the next delivery ("
                                + r.error() + ")");
                        return;
                    }
                    attempt++;
                }
            }
        }
    }
}
