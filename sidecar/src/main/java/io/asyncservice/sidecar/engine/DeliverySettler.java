package io.asyncservice.sidecar.engine;

import io.asyncservice.sidecar.broker.MessageSink;
import io.asyncservice.sidecar.broker.OutboundMessage;
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
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Ends a delivery in exactly one of: ack after the output or dead letter was durably accepted, release, or reject.
 *
 * <ul>
 *   <li>Success: the output (SUCCESS) is published, if there is an output; then ack.</li>
 *   <li>Failure: the dead letter if configured, else the output as FAILED, else reject (the broker's own policy).</li>
 *   <li>A publish that still fails after a few tries is never followed by an ack: the delivery is released, so the
 *       broker redelivers it.</li>
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

    /** @param output may be null; @param deadLetter may be null */
    DeliverySettler(MessageSink output, MessageSink deadLetter, MessageCodec codec, EngineMetrics metrics,
            Duration publishTimeout, Clock clock) {
        this.output = output;
        this.deadLetter = deadLetter;
        this.codec = codec;
        this.metrics = metrics;
        this.publishTimeout = publishTimeout;
        this.clock = clock;
    }

    void succeed(InFlightDelivery f, AppInput in, AppResult r) throws InterruptedException {
        if (output != null) {
            byte[] body = codec.encodeOutput(new OutputRecord(in.requestId(), OutputStatus.SUCCESS, r.statusCode(),
                    r.contentType(), r.body(), null, in));
            if (!publish(output, "output", outbound(in.requestId(), body, in.passHeaders()))) {
                release(f, "the output could not be written");
                return;
            }
        }
        settle(f, Action.ACK, Outcome.SUCCESS);
    }

    void fail(InFlightDelivery f, Failure failure) throws InterruptedException {
        Map<String, String> pass = failure.input() != null ? failure.input().passHeaders()
                : PassHeaders.of(f.delivery().headers());
        Outcome outcome;
        if (deadLetter != null) {
            if (!publish(deadLetter, "dead_letter", outbound(failure.requestId(), deadLetterBody(f, failure), pass))) {
                release(f, "the dead letter could not be written (" + failure.error() + ")");
                return;
            }
            outcome = Outcome.DEAD_LETTERED;
        } else if (output != null) {
            AppResult r = failure.lastResult();
            byte[] body = codec.encodeOutput(new OutputRecord(failure.requestId(), OutputStatus.FAILED,
                    r == null ? null : r.statusCode(), r == null ? null : r.contentType(),
                    r == null ? null : r.body(), failure.error(), failure.input()));
            if (!publish(output, "output", outbound(failure.requestId(), body, pass))) {
                release(f, "the FAILED output could not be written (" + failure.error() + ")");
                return;
            }
            outcome = Outcome.FAILED;
        } else {
            outcome = Outcome.REJECTED;
        }
        LOG.atWarn().addKeyValue("request_id", failure.requestId()).addKeyValue("attempts", failure.attempts())
                .addKeyValue("outcome", outcome.tag())
                .addKeyValue("status_code", failure.lastResult() == null ? null : failure.lastResult().statusCode())
                .log("request {} failed: {}", failure.requestId(), failure.error());
        settle(f, outcome == Outcome.REJECTED ? Action.REJECT : Action.ACK, outcome);
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

    private byte[] deadLetterBody(InFlightDelivery f, Failure failure) {
        AppResult r = failure.lastResult();
        return DeadLetterCodec.encode(new DeadLetterRecord(failure.requestId(), failure.error(), failure.attempts(),
                clock.instant(), f.delivery().body(), f.delivery().contentType(), f.delivery().headers(),
                r == null ? null : r.statusCode(), r == null ? null : r.contentType(), r == null ? null : r.body()));
    }

    private static OutboundMessage outbound(String requestId, byte[] body, Map<String, String> pass) {
        return new OutboundMessage(requestId, body, MessageCodec.OUTPUT_CONTENT_TYPE, new HashMap<>(pass));
    }

    /** Publishes until durably accepted, trying a few times; false when it never was. */
    private boolean publish(MessageSink sink, String queue, OutboundMessage message) throws InterruptedException {
        long pause = FIRST_PUBLISH_PAUSE_MILLIS;
        for (int tryNo = 1; ; tryNo++) {
            long start = System.nanoTime();
            try {
                await(() -> sink.publish(message), publishTimeout);
                metrics.publish(queue, true, System.nanoTime() - start);
                return true;
            } catch (ExecutionException | TimeoutException | RuntimeException e) {
                metrics.publish(queue, false, System.nanoTime() - start);
                Throwable cause = e instanceof ExecutionException && e.getCause() != null ? e.getCause() : e;
                LOG.atWarn().addKeyValue("request_id", message.requestId()).addKeyValue("queue", queue)
                        .log("publishing request {} to the {} failed (try {} of {}): {}", message.requestId(), queue,
                                tryNo, PUBLISH_TRIES, cause.toString());
                if (tryNo >= PUBLISH_TRIES) {
                    return false;
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
        try {
            await(() -> action.apply(f), SETTLE_TIMEOUT);
        } catch (ExecutionException | TimeoutException | RuntimeException e) {
            metrics.settleError(action.tag);
            Throwable cause = e instanceof ExecutionException && e.getCause() != null ? e.getCause() : e;
            LOG.atWarn().addKeyValue("request_id", f.requestId()).addKeyValue("action", action.tag)
                    .log("{} of request {} failed; the broker will redeliver it when its lease lapses: {}", action.tag,
                            f.requestId(), cause.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        metrics.outcome(outcome, f.startNanos());
        return true;
    }

    private static void await(Supplier<CompletionStage<Void>> call, Duration timeout)
            throws InterruptedException, ExecutionException, TimeoutException {
        call.get().toCompletableFuture().get(timeout.toNanos(), TimeUnit.NANOSECONDS);
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
