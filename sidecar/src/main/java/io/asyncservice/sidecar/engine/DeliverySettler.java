package io.asyncservice.sidecar.engine;

import io.asyncservice.sidecar.broker.MessageSink;
import io.asyncservice.sidecar.broker.OutboundMessage;
import io.asyncservice.sidecar.broker.PublishRefusedException;
import io.asyncservice.sidecar.format.AppInput;
import io.asyncservice.sidecar.format.DeadLetterCodec;
import io.asyncservice.sidecar.format.DeadLetterRecord;
import io.asyncservice.sidecar.format.MessageCodec;
import io.asyncservice.sidecar.format.OutputRecord;
import io.asyncservice.sidecar.format.OutputStatus;
import io.asyncservice.sidecar.format.PassHeaders;
import io.asyncservice.sidecar.http.AppResult;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Ends a delivery in exactly one of: ack after the output or dead letter was durably accepted, release, or reject.
 *
 * <ul>
 *   <li>Success: the output (SUCCESS) is published, if there is an output; then ack.</li>
 *   <li>Failure: the dead letter if configured, else the output as FAILED, else reject (the broker's own policy).</li>
 *   <li>A publish the broker refuses for good ({@link PublishRefusedException}: too large, not authorized) is never
 *       retried and never followed by a release that would bring the same message back to the same refusal: a refused
 *       output sends the message down the failure path, a refused dead letter falls back to the output as FAILED, and
 *       a refused FAILED output to reject. A message refused for its size is written once more without the app's
 *       response body, the error naming the refusal.</li>
 *   <li>A publish that fails for a reason that may pass (the broker is down) is tried a few times, then the delivery is
 *       released after a backoff that grows with each release of the same message, counted in the
 *       {@link AttemptLedger}; after maxAttempts such releases the message goes down the failure path.</li>
 *   <li>A settlement the broker did not confirm (an ack on a closed channel) is counted as released, since the broker
 *       will deliver the message again.</li>
 * </ul>
 */
final class DeliverySettler {

    static final Duration SETTLE_TIMEOUT = Duration.ofSeconds(30);
    private static final Logger LOG = LoggerFactory.getLogger(DeliverySettler.class);
    private static final int PUBLISH_TRIES = 3;
    private static final long FIRST_PUBLISH_PAUSE_MILLIS = 200;

    private final MessageSink output;
    private final MessageSink deadLetter;
    private final MessageCodec codec;
    private final EngineMetrics metrics;
    private final Duration publishTimeout;
    private final Clock clock;
    private final AttemptLedger ledger;
    private final Backoff backoff;
    private final AttemptWindow window;
    private final StopSignal draining;

    /** @param output may be null; @param deadLetter may be null */
    DeliverySettler(MessageSink output, MessageSink deadLetter, MessageCodec codec, EngineMetrics metrics,
            Duration publishTimeout, Clock clock, AttemptLedger ledger, Backoff backoff, AttemptWindow window,
            StopSignal draining) {
        this.output = output;
        this.deadLetter = deadLetter;
        this.codec = codec;
        this.metrics = metrics;
        this.publishTimeout = publishTimeout;
        this.clock = clock;
        this.ledger = ledger;
        this.backoff = backoff;
        this.window = window;
        this.draining = draining;
    }

    void succeed(InFlightDelivery f, AppInput in, AppResult r, int attempt) throws InterruptedException {
        if (output != null) {
            Published p = publish(output, "output", outbound(f, in.requestId(), codec.encodeOutput(new OutputRecord(
                    in.requestId(), OutputStatus.SUCCESS, r.statusCode(), r.contentType(), r.body(), null, in)), in.passHeaders()));
            if (p.refused() != null) {
                String error = "the app answered " + r.statusCode() + ", but its output was refused: " + p.error();
                fail(f, new Failure(in.requestId(), in, error, attempt, r));
                return;
            }
            if (p.error() != null) {
                releaseAfterPublishFailure(f, "the output could not be written: " + p.error());
                return;
            }
        }
        settle(f, Action.ACK, Outcome.SUCCESS);
    }

    void fail(InFlightDelivery f, Failure failure) throws InterruptedException {
        Map<String, String> pass = failure.input() != null ? failure.input().passHeaders()
                : PassHeaders.of(f.delivery().headers());
        Failure current = failure;
        if (deadLetter != null) {
            Published p = publishShrinking(deadLetter, "dead_letter", current,
                    x -> outbound(f, x.requestId(), deadLetterBody(f, x), pass));
            if (p.accepted()) {
                finishFailure(f, p.failure(), Outcome.DEAD_LETTERED);
                return;
            }
            if (p.refused() == null) {
                releaseAfterPublishFailure(f, "the dead letter could not be written (" + current.error() + "): " + p.error());
                return;
            }
            current = p.failure().withError(p.failure().error() + "; the dead-letter queue refused it: " + p.error());
        }
        if (output != null) {
            Published p = publishShrinking(output, "output", current, x -> outbound(f, x.requestId(), failedOutput(x), pass));
            if (p.accepted()) {
                finishFailure(f, p.failure(), Outcome.FAILED);
                return;
            }
            if (p.refused() == null) {
                releaseAfterPublishFailure(f, "the FAILED output could not be written (" + current.error() + "): " + p.error());
                return;
            }
            current = p.failure().withError(p.failure().error() + "; the output queue refused it: " + p.error());
        }
        int rejections = ledger.returned(f.identity(), true);
        if (rejections > 1) {
            // Back here in this process: its broker has no dead-letter policy of its own (Kafka), or the message was
            // rejected before and its policy sent it back. Wait, so that it cannot spin.
            pauseBeforeReturning(f, rejections - 1);
        }
        finishFailure(f, current, Outcome.REJECTED);
    }

    void release(InFlightDelivery f, String why) {
        LOG.atWarn().addKeyValue("request_id", f.requestId()).addKeyValue("outcome", Outcome.RELEASED.tag())
                .log("request {} released for redelivery: {}", f.requestId(), why);
        settle(f, Action.RELEASE, Outcome.RELEASED);
    }

    /** Releases without a log line per message (shutdown releases many at once and logs the count). */
    boolean releaseQuietly(InFlightDelivery f) {
        return settle(f, Action.RELEASE, Outcome.RELEASED);
    }

    private void finishFailure(InFlightDelivery f, Failure failure, Outcome outcome) {
        LOG.atWarn().addKeyValue("request_id", failure.requestId()).addKeyValue("attempts", failure.attempts())
                .addKeyValue("outcome", outcome.tag())
                .addKeyValue("status_code", failure.lastResult() == null ? null : failure.lastResult().statusCode())
                .log("request {} failed: {}", failure.requestId(), failure.error());
        settle(f, outcome == Outcome.REJECTED ? Action.REJECT : Action.ACK, outcome);
    }

    /** Waits a backoff that grows with each return of the message (unless a drain begins), then releases it. */
    private void releaseAfterPublishFailure(InFlightDelivery f, String why) throws InterruptedException {
        int returns = ledger.returned(f.identity(), false);
        Duration pause = pauseBeforeReturning(f, returns);
        release(f, why + " (release " + returns + " of this message, after a pause of up to " + pause.toMillis() + " ms)");
    }

    /** A backoff that grows with the returns, within the source's attempt window; returns how long it was meant to be. */
    private Duration pauseBeforeReturning(InFlightDelivery f, int returns) throws InterruptedException {
        Duration delay = window.cap(backoff.delayAfter(returns, null), f.held());
        draining.awaitFor(delay);
        return delay;
    }

    private byte[] deadLetterBody(InFlightDelivery f, Failure failure) {
        AppResult r = failure.lastResult();
        return DeadLetterCodec.encode(new DeadLetterRecord(failure.requestId(), failure.error(), failure.attempts(),
                clock.instant(), f.delivery().body(), f.delivery().contentType(), f.delivery().headers(),
                r == null ? null : r.statusCode(), r == null ? null : r.contentType(), r == null ? null : r.body()));
    }

    private byte[] failedOutput(Failure failure) {
        AppResult r = failure.lastResult();
        return codec.encodeOutput(new OutputRecord(failure.requestId(), OutputStatus.FAILED,
                r == null ? null : r.statusCode(), r == null ? null : r.contentType(),
                r == null ? null : r.body(), failure.error(), failure.input()));
    }

    private static OutboundMessage outbound(InFlightDelivery f, String requestId, byte[] body, Map<String, String> pass) {
        return new OutboundMessage(requestId, body, MessageCodec.OUTPUT_CONTENT_TYPE, new HashMap<>(pass), f.identity());
    }

    /**
     * Publishes the message for {@code failure}; when the broker refuses it for its size and it carries the app's
     * response body, publishes it once more without that body, saying so in the error.
     */
    private Published publishShrinking(MessageSink sink, String queue, Failure failure,
            Function<Failure, OutboundMessage> message) throws InterruptedException {
        Published p = publish(sink, queue, message.apply(failure));
        AppResult r = failure.lastResult();
        if (p.refused() != null && p.refused().reason() == PublishRefusedException.Reason.TOO_LARGE
                && r != null && r.body().length > 0) {
            Failure smaller = failure.withoutResponseBody("the response body of " + r.body().length
                    + " bytes is left out: " + p.error());
            return publish(sink, queue, message.apply(smaller)).with(smaller);
        }
        return p.with(failure);
    }

    /** Publishes until durably accepted or refused for good, trying a few times. */
    private Published publish(MessageSink sink, String queue, OutboundMessage message) throws InterruptedException {
        long pause = FIRST_PUBLISH_PAUSE_MILLIS;
        for (int tryNo = 1; ; tryNo++) {
            long start = System.nanoTime();
            try {
                await(() -> sink.publish(message), publishTimeout);
                metrics.publish(queue, true, System.nanoTime() - start);
                return new Published(true, null, null, null);
            } catch (ExecutionException | TimeoutException | RuntimeException e) {
                metrics.publish(queue, false, System.nanoTime() - start);
                Throwable cause = e instanceof ExecutionException && e.getCause() != null ? e.getCause() : e;
                PublishRefusedException refused = PublishRefusedException.in(e);
                if (refused != null) {
                    LOG.atWarn().addKeyValue("request_id", message.requestId()).addKeyValue("queue", queue)
                            .log("the {} refused request {} for good: {}", queue, message.requestId(), refused.getMessage());
                    return new Published(false, refused, refused.getMessage(), null);
                }
                LOG.atWarn().addKeyValue("request_id", message.requestId()).addKeyValue("queue", queue)
                        .log("publishing request {} to the {} failed (try {} of {}): {}", message.requestId(), queue,
                                tryNo, PUBLISH_TRIES, cause.toString());
                if (tryNo >= PUBLISH_TRIES) {
                    return new Published(false, null, cause.toString(), null);
                }
                Thread.sleep(pause);
                pause *= 4;
            }
        }
    }

    /** Claims and performs the settlement; false when someone else had already settled the delivery. */
    private boolean settle(InFlightDelivery f, Action action, Outcome outcome) {
        if (!f.claimSettlement()) {
            return false;
        }
        Outcome result = outcome;
        try {
            await(() -> action.apply(f), SETTLE_TIMEOUT);
            if (action == Action.ACK) {
                ledger.forget(f.identity());
            }
        } catch (ExecutionException | TimeoutException | RuntimeException e) {
            metrics.settleError(action.tag);
            result = Outcome.RELEASED;
            Throwable cause = e instanceof ExecutionException && e.getCause() != null ? e.getCause() : e;
            LOG.atWarn().addKeyValue("request_id", f.requestId()).addKeyValue("action", action.tag)
                    .addKeyValue("outcome", result.tag())
                    .log("{} of request {} failed, so it counts as released: the broker will deliver it again: {}",
                            action.tag, f.requestId(), cause.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        metrics.outcome(result, f.startNanos());
        return true;
    }

    private static void await(Supplier<CompletionStage<Void>> call, Duration timeout)
            throws InterruptedException, ExecutionException, TimeoutException {
        call.get().toCompletableFuture().get(timeout.toNanos(), TimeUnit.NANOSECONDS);
    }

    /**
     * How a publish ended.
     *
     * @param accepted durably accepted
     * @param refused the broker's refusal for good, or null
     * @param error what went wrong, or null when accepted
     * @param failure the failure whose message was published (after shrinking), or null for an output of a success
     */
    private record Published(boolean accepted, PublishRefusedException refused, String error, Failure failure) {

        Published with(Failure f) {
            return new Published(accepted, refused, error, f);
        }
    }

    private enum Action {
        ACK("ack"), RELEASE("release"), REJECT("reject");

        final String tag;

        Action(String tag) {
            this.tag = tag;
        }

        CompletionStage<Void> apply(InFlightDelivery f) {
            return switch (this) {
                case ACK -> f.delivery().ack();
                case RELEASE -> f.delivery().release();
                case REJECT -> f.delivery().reject();
            };
        }
    }
}
