package io.asyncservice.sidecar.engine;

import static io.asyncservice.sidecar.testing.TestingAppEndpoint.status;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.asyncservice.api.sidecar.SidecarLoad;
import io.asyncservice.api.v1alpha1.MessageFormat;
import io.asyncservice.sidecar.broker.OutboundMessage;
import io.asyncservice.sidecar.broker.PublishRefusedException;
import io.asyncservice.sidecar.format.MessageCodec;
import io.asyncservice.sidecar.format.MessageCodecs;
import io.asyncservice.sidecar.format.RawMessageCodec;
import io.asyncservice.sidecar.testing.TestingAppEndpoint;
import io.asyncservice.sidecar.testing.TestingDelivery;
import io.asyncservice.sidecar.testing.TestingEventLog;
import io.asyncservice.sidecar.testing.TestingMessageSink;
import io.asyncservice.sidecar.testing.TestingMessageSource;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class DeliveryEngineTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final Duration ATTEMPT_TIMEOUT = Duration.ofSeconds(1);

    private final TestingEventLog log = new TestingEventLog();
    private final TestingMessageSource source = new TestingMessageSource(Duration.ofMillis(50));
    private final TestingAppEndpoint app = new TestingAppEndpoint();
    private final TestingMessageSink output = new TestingMessageSink("output", log);
    private final TestingMessageSink deadLetter = new TestingMessageSink("dead_letter", log);
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private DeliveryEngine engine;

    @AfterEach
    void stop() {
        app.open();
        if (engine != null) {
            engine.close();
        }
    }

    private DeliveryEngine start(TestingMessageSink out, TestingMessageSink dlq, int concurrency, int maxAttempts,
            Duration backoffMax, BooleanSupplier fetchAllowed) {
        return start(out, dlq, concurrency, maxAttempts, backoffMax, fetchAllowed, new RawMessageCodec(1024));
    }

    private DeliveryEngine start(TestingMessageSink out, TestingMessageSink dlq, int concurrency, int maxAttempts,
            Duration backoffMax, BooleanSupplier fetchAllowed, MessageCodec codec) {
        EngineOptions options = new EngineOptions(concurrency, maxAttempts,
                new Backoff(Duration.ofMillis(10), backoffMax, () -> 0.5), Duration.ofMillis(100), Duration.ofSeconds(5),
                ATTEMPT_TIMEOUT);
        engine = new DeliveryEngine(source, out, dlq, codec, app, options, fetchAllowed,
                new EngineMetrics(registry), Clock.systemUTC());
        engine.start();
        return engine;
    }

    private DeliveryEngine start(TestingMessageSink out, TestingMessageSink dlq) {
        return start(out, dlq, 1, 3, Duration.ofMillis(50), () -> true);
    }

    private static JsonNode json(OutboundMessage m) throws IOException {
        return JSON.readTree(m.body());
    }

    private double outcomes(Outcome o) {
        return registry.counter("asvc.messages", "outcome", o.tag()).count();
    }

    @Test
    void successIsWrittenToTheOutputAndOnlyThenAcked() throws IOException {
        TestingDelivery d = TestingDelivery.withHeaders("r1", "{\"x\":1}", "application/json",
                Map.of("traceparent", "00-abc-def-01"), log);
        source.add(d);
        start(output, deadLetter);

        await().atMost(WAIT).until(() -> d.settlements() == 1);
        assertThat(d.acks).hasValue(1);
        assertThat(log.events()).containsSubsequence("publish:output:r1", "ack:r1");
        OutboundMessage out = output.accepted().get(0);
        assertThat(out.requestId()).isEqualTo("r1");
        assertThat(out.headers()).containsEntry("traceparent", "00-abc-def-01");
        JsonNode body = json(out);
        assertThat(body.get("request_id").asText()).isEqualTo("r1");
        assertThat(body.get("status").asText()).isEqualTo("SUCCESS");
        assertThat(body.get("status_code").asInt()).isEqualTo(200);
        assertThat(body.get("body").get("status").asInt()).isEqualTo(200);
        assertThat(app.calls().get(0).body()).isEqualTo("{\"x\":1}".getBytes());
        assertThat(app.calls().get(0).contentType()).isEqualTo("application/json");
        assertThat(deadLetter.accepted()).isEmpty();
        assertThat(outcomes(Outcome.SUCCESS)).isEqualTo(1);
    }

    @Test
    void theTrueFoundryFormatIsUnwrappedForTheAppAndAnsweredInTheirShape() throws IOException {
        TestingDelivery d = TestingDelivery.of("sqs-id", "{\"request_id\":\"tfy-1\",\"body\":{\"x\":1}}", log);
        source.add(d);
        start(output, null, 1, 3, Duration.ofMillis(50), () -> true,
                MessageCodecs.forFormat(MessageFormat.TRUEFOUNDRY, 1024));

        await().atMost(WAIT).until(() -> d.acks.get() == 1);
        assertThat(app.calls().get(0).requestId()).isEqualTo("tfy-1");
        assertThat(JSON.readTree(app.calls().get(0).body())).isEqualTo(JSON.readTree("{\"x\":1}"));
        OutboundMessage out = output.accepted().get(0);
        assertThat(out.requestId()).isEqualTo("tfy-1");
        JsonNode body = json(out);
        assertThat(body.get("request_id").asText()).isEqualTo("tfy-1");
        assertThat(body.get("status").asText()).isEqualTo("SUCCESS");
        assertThat(body.get("status_code").asText()).isEqualTo("200");
        assertThat(body.has("input_message")).isTrue();
    }

    @Test
    void successWithoutAnOutputIsAcked() {
        TestingDelivery d = TestingDelivery.of("r1", "hello", log);
        source.add(d);
        start(null, null);

        await().atMost(WAIT).until(() -> d.settlements() == 1);
        assertThat(d.acks).hasValue(1);
    }

    @Test
    void anOutputThatCannotBeWrittenIsNeverAckedButReleased() {
        output.failNext(100);
        TestingDelivery d = TestingDelivery.of("r1", "hello", log);
        source.add(d);
        start(output, deadLetter);

        await().atMost(WAIT).until(() -> d.settlements() == 1);
        assertThat(d.acks).hasValue(0);
        assertThat(d.releases).hasValue(1);
        assertThat(output.attempts.get()).isGreaterThan(1);
        assertThat(outcomes(Outcome.RELEASED)).isEqualTo(1);
    }

    @Test
    void aPublishThatFailsOnceIsTriedAgainBeforeTheAck() {
        output.failNext(1);
        TestingDelivery d = TestingDelivery.of("r1", "hello", log);
        source.add(d);
        start(output, deadLetter);

        await().atMost(WAIT).until(() -> d.settlements() == 1);
        assertThat(d.acks).hasValue(1);
        assertThat(output.accepted()).hasSize(1);
        assertThat(log.events()).containsSubsequence("publish-failed:output:r1", "publish:output:r1", "ack:r1");
    }

    @Test
    void aPermanentFailureGoesToTheDeadLetterOnceWithTheOriginalBody() throws IOException {
        app.script("r1", status(400));
        TestingDelivery d = TestingDelivery.withHeaders("r1", "{\"bad\":true}", "application/json", Map.of(), log);
        source.add(d);
        start(output, deadLetter);

        await().atMost(WAIT).until(() -> d.settlements() == 1);
        assertThat(app.attemptsOf("r1")).containsExactly(1);
        assertThat(deadLetter.accepted()).hasSize(1);
        assertThat(output.accepted()).isEmpty();
        assertThat(log.events()).containsSubsequence("publish:dead_letter:r1", "ack:r1");
        JsonNode dl = json(deadLetter.accepted().get(0));
        assertThat(dl.get("request_id").asText()).isEqualTo("r1");
        assertThat(dl.get("status_code").asInt()).isEqualTo(400);
        assertThat(dl.get("error").asText()).contains("400").contains("permanent");
        assertThat(dl.get("original").get("body").asText()).isEqualTo("{\"bad\":true}");
        assertThat(dl.get("original").get("content_type").asText()).isEqualTo("application/json");
        assertThat(outcomes(Outcome.DEAD_LETTERED)).isEqualTo(1);
        assertThat(registry.counter("asvc.dead.lettered").count()).isEqualTo(1);
    }

    @Test
    void exhaustedAttemptsGoToTheOutputAsFailedWhenThereIsNoDeadLetter() throws IOException {
        app.script("r1", status(503), status(503), status(503));
        TestingDelivery d = TestingDelivery.of("r1", "hello", log);
        source.add(d);
        start(output, null);

        await().atMost(WAIT).until(() -> d.settlements() == 1);
        assertThat(app.attemptsOf("r1")).containsExactly(1, 2, 3);
        assertThat(d.acks).hasValue(1);
        JsonNode out = json(output.accepted().get(0));
        assertThat(out.get("status").asText()).isEqualTo("FAILED");
        assertThat(out.get("status_code").asInt()).isEqualTo(503);
        assertThat(out.get("error").asText()).contains("attempt 3 of 3");
        assertThat(registry.counter("asvc.retries").count()).isEqualTo(2);
        assertThat(outcomes(Outcome.FAILED)).isEqualTo(1);
    }

    @Test
    void aFailureWithNeitherDeadLetterNorOutputIsRejectedToTheBrokersPolicy() {
        app.script("r1", status(422));
        TestingDelivery d = TestingDelivery.of("r1", "hello", log);
        source.add(d);
        start(null, null);

        await().atMost(WAIT).until(() -> d.settlements() == 1);
        assertThat(d.rejects).hasValue(1);
        assertThat(d.acks).hasValue(0);
        assertThat(outcomes(Outcome.REJECTED)).isEqualTo(1);
    }

    @Test
    void attemptsCountCallsToTheAppNotTheBrokersDeliveries() {
        app.script("r1", status(500), status(200));
        // Delivered twice before without reaching an app (idle returns, a drain): those use no attempt.
        TestingDelivery d = TestingDelivery.withCount("r1", "hello", 3, log);
        source.add(d);
        start(output, deadLetter, 1, 5, Duration.ofMillis(50), () -> true);

        await().atMost(WAIT).until(() -> d.settlements() == 1);
        assertThat(app.attemptsOf("r1")).containsExactly(1, 2);
        assertThat(d.acks).hasValue(1);
    }

    @Test
    void aMessageBouncedManyTimesStillGetsAllItsAttempts() throws IOException {
        app.script("r1", status(503), status(503), status(503));
        TestingDelivery d = TestingDelivery.withCount("r1", "hello", 3 + DeliveryProcessor.FORGIVEN_BOUNCES, log);
        source.add(d);
        start(output, deadLetter);

        await().atMost(WAIT).until(() -> d.settlements() == 1);
        assertThat(app.attemptsOf("r1")).containsExactly(1, 2, 3);
        assertThat(json(deadLetter.accepted().get(0)).get("error").asText()).startsWith("gave up after attempt 3 of 3");
    }

    @Test
    void aDeliveryCountBeyondMaxAttemptsAndTheForgivenBouncesIsTakenForACrashLoop() throws IOException {
        int count = 3 + DeliveryProcessor.FORGIVEN_BOUNCES + 1;
        TestingDelivery d = TestingDelivery.withCount("r1", "hello", count, log);
        source.add(d);
        start(output, deadLetter);

        await().atMost(WAIT).until(() -> d.settlements() == 1);
        assertThat(app.calls()).isEmpty();
        assertThat(json(deadLetter.accepted().get(0)).get("error").asText())
                .contains("delivered " + count + " times by the broker").contains("crash loop");
        assertThat(d.acks).hasValue(1);
    }

    @Test
    void aRedeliveryToTheSameProcessGoesOnCountingItsAttempts() {
        app.script("r1", status(200), status(200));
        output.failNext(3); // every try of the first publish: the message is released
        TestingDelivery first = TestingDelivery.of("r1", "hello", log).messageId("m-1");
        source.add(first);
        start(output, deadLetter, 1, 5, Duration.ofMillis(50), () -> true);
        await().atMost(WAIT).until(() -> first.releases.get() == 1);

        TestingDelivery again = first.redelivered();
        source.add(again);

        await().atMost(WAIT).until(() -> again.settlements() == 1);
        assertThat(app.attemptsOf("r1")).as("X-Async-Attempt of each call").containsExactly(1, 2);
        assertThat(again.acks).hasValue(1);
        assertThat(output.accepted()).hasSize(1);
    }

    @Test
    void anOutputThatKeepsFailingGoesDownTheFailurePathAfterMaxAttemptsReleasesInsteadOfLooping() throws IOException {
        output.failNext(Integer.MAX_VALUE);
        TestingDelivery d = TestingDelivery.of("r1", "hello", log).messageId("m-1");
        source.add(d);
        start(output, deadLetter, 1, 2, Duration.ofMillis(50), () -> true);

        TestingDelivery last = d;
        for (int release = 1; release <= 2; release++) {
            TestingDelivery current = last;
            await().atMost(WAIT).until(() -> current.releases.get() == 1);
            last = current.redelivered();
            source.add(last);
        }
        TestingDelivery third = last;
        await().atMost(WAIT).until(() -> third.settlements() == 1);

        assertThat(app.calls()).as("called on the first two deliveries only").hasSize(2);
        assertThat(third.acks).hasValue(1);
        assertThat(json(deadLetter.accepted().get(0)).get("error").asText())
                .isEqualTo("its output could not be written 2 times; not sent to the app again");
    }

    @Test
    void anOutputRefusedForItsSizeIsDeadLetteredOnceAndNeverReleased() throws IOException {
        output.refuseNext(1, PublishRefusedException.Reason.TOO_LARGE);
        TestingDelivery d = TestingDelivery.of("r1", "hello", log);
        source.add(d);
        start(output, deadLetter);

        await().atMost(WAIT).until(() -> d.settlements() == 1);
        assertThat(d.acks).hasValue(1);
        assertThat(d.releases).hasValue(0);
        assertThat(output.attempts).as("a refusal is not retried").hasValue(1);
        assertThat(app.calls()).hasSize(1);
        JsonNode dead = json(deadLetter.accepted().get(0));
        assertThat(dead.get("error").asText()).startsWith("the app answered 200, but its output was refused: output refused");
        assertThat(outcomes(Outcome.DEAD_LETTERED)).isEqualTo(1);
    }

    @Test
    void aDeadLetterRefusedForItsSizeIsWrittenAgainWithoutTheResponseBody() throws IOException {
        app.script("r1", status(422, "x".repeat(500)));
        deadLetter.refuseNext(1, PublishRefusedException.Reason.TOO_LARGE);
        TestingDelivery d = TestingDelivery.of("r1", "hello", log);
        source.add(d);
        start(output, deadLetter);

        await().atMost(WAIT).until(() -> d.settlements() == 1);
        JsonNode dead = json(deadLetter.accepted().get(0));
        assertThat(dead.get("response").get("body").asText()).isEmpty();
        assertThat(dead.get("error").asText()).contains("the response body of 500 bytes is left out: dead_letter refused");
        assertThat(dead.get("original").get("body").asText()).isEqualTo("hello");
        assertThat(d.acks).hasValue(1);
    }

    @Test
    void aRefusedDeadLetterFallsBackToTheOutputAsFailed() throws IOException {
        app.script("r1", status(422));
        deadLetter.refuseNext(1, PublishRefusedException.Reason.REFUSED);
        TestingDelivery d = TestingDelivery.of("r1", "hello", log);
        source.add(d);
        start(output, deadLetter);

        await().atMost(WAIT).until(() -> d.settlements() == 1);
        JsonNode out = json(output.accepted().get(0));
        assertThat(out.get("status").asText()).isEqualTo("FAILED");
        assertThat(out.get("error").asText()).contains("the dead-letter queue refused it: dead_letter refused");
        assertThat(outcomes(Outcome.FAILED)).isEqualTo(1);
    }

    @Test
    void aMessageEveryDestinationRefusesIsRejectedAndNotCalledAgainWhenItComesBack() {
        app.script("r1", status(200));
        output.refuseNext(Integer.MAX_VALUE, PublishRefusedException.Reason.REFUSED);
        TestingDelivery d = TestingDelivery.of("r1", "hello", log).messageId("m-1");
        source.add(d);
        start(output, null);
        await().atMost(WAIT).until(() -> d.settlements() == 1);
        assertThat(d.rejects).hasValue(1);

        TestingDelivery again = d.redelivered(); // a broker with no dead-letter policy of its own sends it back
        source.add(again);

        await().atMost(WAIT).until(() -> again.settlements() == 1);
        assertThat(again.rejects).hasValue(1);
        assertThat(app.calls()).as("the app's answer was already given").hasSize(1);
    }

    @Test
    void withoutALeaseAMessageIsReleasedRatherThanRetriedPastItsWindowAndCountingGoesOn() {
        source.attemptWindow(Duration.ofMillis(2500));
        app.script("r1", status(503, Duration.ofSeconds(2)), status(200));
        TestingDelivery d = TestingDelivery.of("r1", "hello", log).messageId("m-1");
        source.add(d);
        start(output, deadLetter, 1, 5, Duration.ofSeconds(2), () -> true);

        await().atMost(WAIT).until(() -> d.releases.get() == 1);
        assertThat(app.calls()).as("a 2 s wait and a 1 s attempt do not fit in 2.5 s: not waited for").hasSize(1);
        TestingDelivery again = d.redelivered();
        source.add(again);

        await().atMost(WAIT).until(() -> again.acks.get() == 1);
        assertThat(app.attemptsOf("r1")).containsExactly(1, 2);
    }

    @Test
    void anAckTheBrokerDidNotConfirmCountsAsReleasedNotAsSuccess() {
        TestingDelivery d = TestingDelivery.of("r1", "hello", log).failAcks();
        source.add(d);
        start(output, deadLetter);

        await().atMost(WAIT).until(() -> outcomes(Outcome.RELEASED) == 1);
        assertThat(outcomes(Outcome.SUCCESS)).isZero();
    }

    @Test
    void anOversizeMessageIsAPermanentFailureNotSentToTheApp() throws IOException {
        TestingDelivery d = TestingDelivery.of("r1", "x".repeat(2000), log);
        source.add(d);
        start(output, deadLetter);

        await().atMost(WAIT).until(() -> d.settlements() == 1);
        assertThat(app.calls()).isEmpty();
        assertThat(json(deadLetter.accepted().get(0)).get("error").asText()).contains("over the limit of 1024 bytes");
    }

    @Test
    void theLeaseIsExtendedDuringBackoffAndNeverAfterTheSettlement() {
        app.script("r1", status(503, Duration.ofMillis(600)), status(200));
        TestingDelivery d = TestingDelivery.of("r1", "hello", log);
        source.add(d);
        start(output, deadLetter, 1, 3, Duration.ofSeconds(1), () -> true);

        await().atMost(WAIT).until(() -> d.settlements() == 1);
        assertThat(d.leaseExtensions.get()).isGreaterThanOrEqualTo(3);
        assertThat(d.lastLease()).isEqualTo(Duration.ofMillis(150));
        List<String> events = log.events();
        assertThat(events.lastIndexOf("extend:r1")).isLessThan(events.indexOf("ack:r1"));
    }

    @Test
    void neverMoreThanConcurrencyMessagesInFlight() {
        List<TestingDelivery> ds = IntStream.range(0, 12).mapToObj(i -> TestingDelivery.of("r" + i, "m", log)).toList();
        ds.forEach(source::add);
        app.hold();
        start(output, null, 3, 3, Duration.ofMillis(50), () -> true);

        await().atMost(WAIT).until(() -> app.running() == 3);
        assertThat(source.handedOut).hasValue(3);
        app.open();
        await().atMost(WAIT).until(() -> ds.stream().allMatch(d -> d.acks.get() == 1));
        assertThat(app.maxRunning).hasValue(3);
        assertThat(source.maxAsked.get()).isLessThanOrEqualTo(3);
        assertThat(output.accepted()).hasSize(12);
    }

    @Test
    void theLoadCountsWhatIsInFlightTheAgeOfTheOldestAndOnlyTheSuccesses() {
        app.script("bad", status(400));
        TestingDelivery ok = TestingDelivery.of("ok", "1", log);
        TestingDelivery bad = TestingDelivery.of("bad", "2", log);
        source.add(ok, bad);
        start(output, deadLetter, 2, 3, Duration.ofMillis(50), () -> true);
        await().atMost(WAIT).until(() -> ok.acks.get() == 1 && bad.acks.get() == 1 && engine.inFlight() == 0);
        assertThat(deadLetter.accepted()).extracting(OutboundMessage::requestId).containsExactly("bad");
        assertThat(engine.load()).as("one success, one dead letter, nothing held")
                .isEqualTo(new SidecarLoad(0, 0.0, 1, false));

        app.hold();
        long firstHeldFrom = System.nanoTime();
        TestingDelivery older = TestingDelivery.of("older", "3", log);
        source.add(older);
        await().atMost(WAIT).until(() -> app.running() == 1);
        await().pollDelay(Duration.ofMillis(400)).atMost(WAIT).until(() -> true);
        source.add(TestingDelivery.of("newer", "4", log));
        await().atMost(WAIT).until(() -> app.running() == 2);

        SidecarLoad busy = engine.load();
        double heldAtMost = (System.nanoTime() - firstHeldFrom) / 1e9;
        assertThat(busy.inFlight()).isEqualTo(2);
        assertThat(busy.oldestInFlightSeconds()).as("the older message's age, not the newer's")
                .isGreaterThanOrEqualTo(0.4).isLessThanOrEqualTo(heldAtMost + 0.001);
        assertThat(busy.succeeded()).isEqualTo(1);
        assertThat(busy.draining()).isFalse();

        app.open();
        await().atMost(WAIT).until(() -> older.acks.get() == 1 && engine.inFlight() == 0);
        assertThat(engine.load()).isEqualTo(new SidecarLoad(0, 0.0, 3, false));

        engine.drain();
        assertThat(engine.load()).isEqualTo(new SidecarLoad(0, 0.0, 3, true));
    }

    @Test
    void nothingIsFetchedWhileTheAppIsNotReady() {
        AtomicBoolean ready = new AtomicBoolean(false);
        TestingDelivery d = TestingDelivery.of("r1", "hello", log);
        source.add(d);
        start(output, null, 1, 3, Duration.ofMillis(50), ready::get);

        await().pollDelay(Duration.ofMillis(500)).atMost(WAIT).until(() -> true);
        assertThat(source.receiveCalls).hasValue(0);
        assertThat(source.waiting()).isEqualTo(1);
        ready.set(true);
        await().atMost(WAIT).until(() -> d.acks.get() == 1);
    }

    @Test
    void aFailingReceiveIsRetriedAndDoesNotStopTheEngine() {
        source.failNextReceives(2);
        TestingDelivery d = TestingDelivery.of("r1", "hello", log);
        source.add(d);
        start(output, null);

        await().atMost(WAIT).until(() -> d.acks.get() == 1);
        assertThat(registry.counter("asvc.receive.errors").count()).isEqualTo(2);
        assertThat(engine.isHealthy()).isTrue();
    }

    @Test
    void drainCompletesOnlyAfterEveryMessageInFlightIsAckedAndAllCallersWait() throws Exception {
        TestingDelivery a = TestingDelivery.of("a", "1", log);
        TestingDelivery b = TestingDelivery.of("b", "2", log);
        TestingDelivery notStarted = TestingDelivery.of("c", "3", log);
        source.add(a, b);
        app.hold();
        start(output, null, 2, 3, Duration.ofMillis(50), () -> true);
        await().atMost(WAIT).until(() -> app.running() == 2);
        source.add(notStarted);

        AtomicInteger ackedWhenDrained = new AtomicInteger(-1);
        CompletableFuture<Void> first = CompletableFuture.supplyAsync(engine::drain).thenCompose(f -> f)
                .thenRun(() -> ackedWhenDrained.set(a.acks.get() + b.acks.get()));
        CompletableFuture<Void> second = CompletableFuture.supplyAsync(engine::drain).thenCompose(f -> f);
        await().pollDelay(Duration.ofMillis(300)).atMost(WAIT).until(() -> true);
        assertThat(first).isNotDone();
        assertThat(second).isNotDone();

        app.open();
        first.get(10, java.util.concurrent.TimeUnit.SECONDS);
        second.get(10, java.util.concurrent.TimeUnit.SECONDS);
        assertThat(ackedWhenDrained).hasValue(2);
        assertThat(output.accepted()).extracting(OutboundMessage::requestId).containsExactlyInAnyOrder("a", "b");
        assertThat(notStarted.settlements()).isZero();
        assertThat(source.waiting()).isEqualTo(1);
        assertThat(engine.drain()).isDone();
    }

    @Test
    void drainReleasesAMessageWaitingForItsNextAttemptInsteadOfWaitingOutTheBackoff() throws Exception {
        app.script("r1", status(503, Duration.ofMinutes(5)));
        TestingDelivery d = TestingDelivery.of("r1", "hello", log);
        source.add(d);
        start(output, null, 1, 3, Duration.ofMinutes(5), () -> true);
        await().atMost(WAIT).until(() -> app.calls().size() == 1);

        engine.drain().get(10, java.util.concurrent.TimeUnit.SECONDS);
        assertThat(d.releases).hasValue(1);
        assertThat(d.settlements()).isEqualTo(1);
        assertThat(output.accepted()).isEmpty();
    }

    @Test
    void aDrainNoTerminationFollowsEndsAndFetchingStartsAgain() throws Exception {
        TestingDelivery before = TestingDelivery.of("before", "1", log);
        source.add(before);
        start(output, null);
        await().atMost(WAIT).until(() -> before.acks.get() == 1);

        // The grace period (plus margin) of this test: 500 ms.
        CompletableFuture<Void> drain = engine.drain(Duration.ofMillis(500));
        drain.get(10, java.util.concurrent.TimeUnit.SECONDS);
        assertThat(engine.isDraining()).isTrue();
        assertThat(engine.drain(Duration.ofMillis(500))).as("a second caller gets the same drain").isSameAs(drain);
        TestingDelivery after = TestingDelivery.of("after", "2", log);
        source.add(after);

        await("fetching again after the grace period").atMost(WAIT).until(() -> after.acks.get() == 1);
        assertThat(engine.isDraining()).isFalse();
        assertThat(output.accepted()).extracting(OutboundMessage::requestId).containsExactly("before", "after");

        CompletableFuture<Void> next = engine.drain(Duration.ofMinutes(10));
        assertThat(next).as("a later drain is a new one").isNotSameAs(drain);
        next.get(10, java.util.concurrent.TimeUnit.SECONDS);
    }

    @Test
    void aDrainThatAShutdownFollowsNeverResumes() throws Exception {
        TestingDelivery before = TestingDelivery.of("before", "1", log);
        source.add(before);
        start(output, null);
        await().atMost(WAIT).until(() -> before.acks.get() == 1);

        engine.drain(Duration.ofMillis(300)).get(10, java.util.concurrent.TimeUnit.SECONDS);
        assertThat(engine.shutdown(Duration.ofSeconds(5))).isTrue();
        TestingDelivery late = TestingDelivery.of("late", "2", log);
        source.add(late);

        int calls = source.receiveCalls.get();
        await().pollDelay(Duration.ofMillis(800)).atMost(WAIT).until(() -> true);
        assertThat(source.receiveCalls).hasValue(calls);
        assertThat(late.settlements()).isZero();
        assertThat(engine.isDraining()).isTrue();
    }

    @Test
    void shutdownReleasesWhatCannotFinishBeforeTheDeadline() {
        TestingDelivery d = TestingDelivery.of("r1", "hello", log);
        source.add(d);
        app.hold();
        start(output, null);
        await().atMost(WAIT).until(() -> app.running() == 1);

        boolean clean = engine.shutdown(Duration.ofMillis(300));

        assertThat(clean).isFalse();
        assertThat(d.releases).hasValue(1);
        assertThat(d.acks).hasValue(0);
        app.open();
        await().pollDelay(Duration.ofMillis(200)).atMost(WAIT).until(() -> true);
        assertThat(d.settlements()).isEqualTo(1);
    }
}
