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
 * <p>Attempts are calls to the app. They are counted per message in the {@link AttemptLedger}, so they add up over
 * every delivery of the message to this process, and deliveries that never reached the app (idle returns, releases
 * during a drain, an output that could not be written) use none. A process that has not seen the message before
 * (after a crash or on another replica) cannot know how many of the broker's earlier deliveries reached an app, so it
 * counts from 1 again, and takes the broker's delivery count only as a guard against a crash loop: a message the
 * broker has delivered more than {@code maxAttempts + }{@value #FORGIVEN_BOUNCES} times is failed without a call.
 *
 * <p>Retryable failures wait for the backoff (or the app's Retry-After) while the lease keeps being extended. While
 * draining no new attempt is started: a message that would be retried is released instead. So is one whose next attempt
 * could not end within its source's {@link AttemptWindow} (a broker without a lease).
 */
final class DeliveryProcessor {

    /**
     * Deliveries that a process seeing a message for the first time lets pass before it assumes a crash loop: the
     * bounces a message may meet without reaching an app (idle returns while the app is unhealthy, drains on scale-in,
     * output outages), on top of its attempts.
     */
    static final int FORGIVEN_BOUNCES = 20;
    private static final Logger LOG = LoggerFactory.getLogger(DeliveryProcessor.class);

    private final MessageCodec codec;
    private final AppEndpoint app;
    private final Backoff backoff;
    private final int maxAttempts;
    private final AttemptLedger ledger;
    private final AttemptWindow window;
    private final DeliverySettler settler;
    private final StopSignal draining;
    private final EngineMetrics metrics;

    DeliveryProcessor(MessageCodec codec, AppEndpoint app, Backoff backoff, int maxAttempts, AttemptLedger ledger,
            AttemptWindow window, DeliverySettler settler, StopSignal draining, EngineMetrics metrics) {
        this.codec = codec;
        this.app = app;
        this.backoff = backoff;
        this.maxAttempts = maxAttempts;
        this.ledger = ledger;
        this.window = window;
        this.settler = settler;
        this.draining = draining;
        this.metrics = metrics;
    }

    void process(InFlightDelivery f) throws InterruptedException {
        Delivery d = f.delivery();
        AttemptLedger.Counts counts = ledger.delivered(f.identity());
        AppInput in;
        try {
            in = codec.decode(d);
        } catch (UndecodableMessageException e) {
            String id = RequestIds.resolve(d.requestId());
            f.requestId(id);
            MDC.put("request_id", id);
            settler.fail(f, new Failure(id, null, "undecodable message: " + e.getMessage(), counts.calls(), null));
            return;
        }
        f.requestId(in.requestId());
        MDC.put("request_id", in.requestId());
        String spent = spent(d, counts);
        if (spent != null) {
            settler.fail(f, new Failure(in.requestId(), in, spent + "; not sent to the app again", counts.calls(), null));
            return;
        }
        while (true) {
            int attempt = ledger.called(f.identity());
            long start = System.nanoTime();
            AppResult r = app.call(new AppRequest(in.requestId(), attempt, in.body(), in.contentType(), in.passHeaders()));
            metrics.appCall(r.outcome(), System.nanoTime() - start);
            switch (r.outcome()) {
                case SUCCESS -> {
                    settler.succeed(f, in, r, attempt);
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
                    if (!window.fits(f.held(), delay)) {
                        settler.release(f, "attempt " + (attempt + 1) + " could not end before the broker takes the message back"
                                + " (no lease; see input.amqp.consumerTimeout), so it is left to the next delivery ("
                                + r.error() + ")");
                        return;
                    }
                    metrics.retry();
                    LOG.atInfo().addKeyValue("request_id", in.requestId()).addKeyValue("attempt", attempt)
                            .log("request {} attempt {} failed, retrying in {} ms: {}", in.requestId(), attempt,
                                    delay.toMillis(), r.error());
                    if (draining.awaitFor(delay)) {
                        settler.release(f, "draining, so attempt " + (attempt + 1) + " is left to the next delivery ("
                                + r.error() + ")");
                        return;
                    }
                }
            }
        }
    }

    /** Why the message gets no further call, or null when it may be tried. */
    private String spent(Delivery d, AttemptLedger.Counts counts) {
        if (counts.failed()) {
            return "it failed for good in this sidecar before, and came back";
        }
        if (counts.returns() >= maxAttempts) {
            return "its output could not be written " + counts.returns() + " times";
        }
        if (counts.calls() >= maxAttempts) {
            return "already tried " + counts.calls() + " times, maxAttempts is " + maxAttempts;
        }
        if (counts.firstSeen() && d.deliveryCount() > maxAttempts + FORGIVEN_BOUNCES) {
            return "delivered " + d.deliveryCount() + " times by the broker, more than maxAttempts (" + maxAttempts
                    + ") + " + FORGIVEN_BOUNCES + " deliveries that may not have reached the app: taken for a crash loop";
        }
        return null;
    }
}
