package io.asyncservice.sidecar.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.asyncservice.api.sidecar.SidecarConfig;
import io.asyncservice.api.sidecar.SidecarContract;
import io.asyncservice.api.v1alpha1.BackoffSpec;
import io.asyncservice.api.v1alpha1.DeliverySpec;
import io.asyncservice.api.v1alpha1.EndpointSpec;
import io.asyncservice.sidecar.config.ConfigLoader;
import io.asyncservice.sidecar.testing.BrokerFixture.InputBacklog;
import io.asyncservice.sidecar.testing.BrokerFixture.LimitedQueues;
import io.asyncservice.sidecar.testing.BrokerFixture.ReceivedMessage;
import io.asyncservice.sidecar.testing.BrokerFixture.TestMessage;
import io.asyncservice.sidecar.testing.TestingApp.Reply;
import io.asyncservice.testing.FreePorts;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.TestInstance;

/**
 * The sidecar's delivery contract (DESIGN.md, "The sidecar's contract with the app"), end to end against a real
 * broker. A broker gets all of it with one subclass that returns its {@link BrokerFixture}:
 *
 * <pre>
 * class KafkaDeliveryIT extends AbstractDeliveryIT {
 *     protected BrokerFixture createFixture() { return new KafkaFixture(); }
 * }
 * </pre>
 *
 * Every test has fresh queues, a fresh {@link TestingApp}, and its own sidecar (in this JVM, or a separate process
 * where a test needs {@code kill -9}).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class AbstractDeliveryIT {

    protected static final Duration TIMEOUT = Duration.ofSeconds(45);
    protected static final ObjectMapper JSON = new ObjectMapper();
    /** The drain token of these tests' sidecars, as the operator renders one into a Deployment. */
    protected static final String DRAIN_TOKEN = "2vJc0Yw6QyT1kq9pZ3l8bA";

    private BrokerFixture fixture;
    private final List<SidecarRunner> sidecars = new ArrayList<>();
    private String testName;
    protected BrokerFixture.Queues queues;
    protected TestingApp app;
    /** Everything read from the output so far, by the request id the broker carried. */
    protected final Map<String, List<JsonNode>> outputs = new ConcurrentHashMap<>();
    /** The output messages' text as the broker delivered it, by the request id the broker carried. */
    protected final Map<String, List<String>> rawOutputs = new ConcurrentHashMap<>();
    /** Everything read from the dead-letter queue so far, by the request id the broker carried. */
    protected final Map<String, List<JsonNode>> deadLetters = new ConcurrentHashMap<>();

    /** The broker under test; called once per test class. */
    protected abstract BrokerFixture createFixture();

    /** The input's lease in these tests (visibility timeout, ack wait). Short, so that lapses show within a test. */
    protected Duration lease() {
        return Duration.ofSeconds(2);
    }

    @BeforeAll
    void startFixture() {
        fixture = createFixture();
    }

    @AfterAll
    void stopFixture() {
        if (fixture != null) {
            fixture.close();
        }
    }

    @BeforeEach
    void freshQueuesAndApp(TestInfo info) {
        testName = info.getTestMethod().map(m -> m.getName()).orElse("test");
        queues = fixture.createQueues(lease());
        app = TestingApp.create();
        outputs.clear();
        rawOutputs.clear();
        deadLetters.clear();
    }

    @AfterEach
    void cleanUp() {
        for (int i = sidecars.size() - 1; i >= 0; i--) {
            try {
                sidecars.get(i).stop();
            } catch (RuntimeException e) {
                System.err.println("stopping a sidecar failed: " + e);
            }
        }
        sidecars.clear();
        app.close();
        queues.close();
    }

    // ---------------------------------------------------------------------------------------------- the contract

    @Test
    void everyMessageGetsOneOutputWithItsRequestId() {
        app.start();
        List<String> ids = publish(20, "many");
        startInProcess(config(4, 3, true, false));

        awaitOutputs(ids);

        for (String id : ids) {
            JsonNode out = outputs.get(id).get(0);
            assertThat(out.get("request_id").asText()).isEqualTo(id);
            assertThat(out.get("status").asText()).isEqualTo("SUCCESS");
            assertThat(out.get("status_code").asInt()).isEqualTo(200);
            assertThat(out.get("body").get("id").asText()).as("the app's response, i.e. the echoed input").isEqualTo(id);
        }
        assertThat(app.calls()).extracting(TestingApp.Call::requestId).containsExactlyInAnyOrderElementsOf(ids);
        assertThat(app.calls()).allSatisfy(c -> {
            assertThat(c.attempt()).isEqualTo(1);
            assertThat(c.contentType()).isEqualTo("application/json");
            assertThat(JSON.readTree(c.body()).get("id").asText()).isEqualTo(c.requestId());
        });
        awaitBacklogEmpty();
    }

    @Test
    void everyResponseBodyReachesTheOutputByteForByte() {
        String ndjson = "{\"a\":1}\n{\"a\":2}";
        String decimals = "{\"v\": 12345678901234567.89, \"w\":1e400,\"z\":[0.10]}";
        byte[] binary = {(byte) 0xff, (byte) 0xfe, 0, 1, '{', (byte) 0x80};
        app.start()
                .script("ndjson", Reply.ok().body(ndjson, "application/json"))
                .script("decimals", Reply.ok().body(decimals, "application/json"))
                .script("binary", Reply.ok().body(binary, "application/octet-stream"))
                .script("empty", Reply.status(200).body(new byte[0], "application/json"));
        List<String> ids = List.of("ndjson", "decimals", "binary", "empty");
        publish(ids.stream().map(AbstractDeliveryIT::message).toList());
        startInProcess(config(4, 3, true, false));

        awaitOutputs(ids);

        assertThat(outputs.get("ndjson").get(0).get("body").asText()).as("two JSON lines are not one JSON value: a string")
                .isEqualTo(ndjson);
        assertThat(rawOutputs.get("decimals").get(0)).as("one JSON value, embedded as the app wrote it")
                .contains("\"body\":" + decimals + ",");
        assertThat(outputs.get("binary").get(0).get("body_encoding").asText()).isEqualTo("base64");
        assertThat(Base64.getDecoder().decode(outputs.get("binary").get(0).get("body").asText())).isEqualTo(binary);
        assertThat(outputs.get("empty").get(0).get("body").isTextual()).isTrue();
        assertThat(outputs.get("empty").get(0).get("body").asText()).isEmpty();
        awaitBacklogEmpty();
    }

    @Test
    void aResponseOverTheLimitFailsThatMessageAndTheSidecarCarriesOn() {
        // 200 MB: more than the whole 128 MiB heap the image's flags give the sidecar at the chart's default limit.
        app.start().script("huge", Reply.ok().body(new byte[200 * 1024 * 1024], "application/octet-stream"));
        publish(List.of(message("huge"), message("after")));
        SidecarProcess sidecar = startProcess(config(1, 3, true, false), "huge");

        awaitOutputs(List.of("huge", "after"));

        JsonNode huge = outputs.get("huge").get(0);
        assertThat(huge.get("status").asText()).isEqualTo("FAILED");
        assertThat(huge.get("error").asText())
                .startsWith("the app's response is 209715200 bytes, over the limit of 262144 bytes (delivery.maxResponseSize)");
        assertThat(app.attemptsOf("huge")).as("a permanent failure: no retry").containsExactly(1);
        assertThat(outputs.get("after").get(0).get("status").asText()).isEqualTo("SUCCESS");
        assertThat(sidecar.handle().isAlive()).isTrue();
        awaitBacklogEmpty();
    }

    @Test
    void theRequestBodyReachesTheAppByteForByte() {
        app.start();
        TestMessage odd = new TestMessage("odd", "{\"n\": 12345678901234567.89}\n{\"second\":true}", "application/x-ndjson");
        publish(List.of(odd));
        startInProcess(config(1, 3, true, false));

        awaitOutputs(List.of("odd"));

        assertThat(app.callsFor("odd")).singleElement().satisfies(c -> {
            assertThat(new String(c.body(), java.nio.charset.StandardCharsets.UTF_8)).isEqualTo(odd.body());
            assertThat(c.contentType()).isEqualTo("application/x-ndjson");
        });
    }

    @Test
    void twoDifferentInputsUnderOneRequestIdGiveTwoOutputs() {
        app.start();
        // Request ids come from producers and repeat; only a redelivery of one input may collapse into one output.
        publish(List.of(new TestMessage("twin", "{\"n\":1}", "application/json"),
                new TestMessage("twin", "{\"n\":2}", "application/json")));
        startInProcess(config(2, 3, true, false));

        await("two outputs for 'twin'").atMost(TIMEOUT).until(() -> {
            collect(Duration.ofMillis(200));
            return outputs.getOrDefault("twin", List.of()).size() == 2;
        });
        assertThat(outputs.get("twin")).extracting(o -> o.get("body").get("n").asInt()).containsExactlyInAnyOrder(1, 2);
        awaitBacklogEmpty();
    }

    @Test
    void aRequestIdThatCannotBeAHeaderStillReachesTheAppAndTheOutputKeepsIt() {
        assumeTrue(fixture.carriesAnyRequestId(), fixture.name() + " carries no request id with a line break");
        app.start();
        String id = "line-1\r\nX-Forged: yes";
        publish(List.of(new TestMessage(id, "{\"ok\":true}", "application/json")));
        startInProcess(config(1, 3, true, false));

        awaitOutputs(List.of(id));

        assertThat(outputs.get(id)).singleElement().satisfies(o -> {
            assertThat(o.get("status").asText()).isEqualTo("SUCCESS");
            assertThat(o.get("request_id").asText()).isEqualTo(id);
        });
        assertThat(app.calls()).singleElement().satisfies(c -> assertThat(c.requestId()).doesNotContain("\r", "\n"));
        awaitBacklogEmpty();
    }

    @Test
    void aMessageBouncedManyTimesWithoutReachingTheAppStillGetsAllItsAttempts() {
        app.start().script("bounced", Reply.status(503), Reply.status(503), Reply.ok());
        publish(List.of(message("bounced")));
        queues.bounceInputs(5); // more deliveries than maxAttempts, none of which reached the app
        startInProcess(config(1, 3, true, true));

        awaitOutputs(List.of("bounced"));

        assertThat(app.attemptsOf("bounced")).containsExactly(1, 2, 3);
        assertThat(outputs.get("bounced")).singleElement()
                .satisfies(o -> assertThat(o.get("status").asText()).isEqualTo("SUCCESS"));
        collect(Duration.ofMillis(200));
        assertThat(deadLetters).isEmpty();
        awaitBacklogEmpty();
    }

    @Test
    void anOutputTheBrokerRefusesForItsSizeIsDeadLetteredOnceAndNeverLoops() {
        Optional<LimitedQueues> limited = fixture.createQueuesWithOutputLimit(lease(), 64 * 1024);
        assumeTrue(limited.isPresent(), fixture.name() + " cannot limit the size of one queue's messages");
        queues.close();
        queues = limited.get().queues();
        String tooLarge = "\"" + "x".repeat(limited.get().outputLimitBytes() + 16 * 1024) + "\"";
        app.start().script("big", Reply.ok().body(tooLarge, "application/json"));
        publish(List.of(message("big"), message("small")));
        SidecarConfig config = config(1, 3, true, true);
        config.getDelivery().setMaxResponseSize("1Mi"); // kept by the sidecar: it is the output broker that refuses it
        startInProcess(config);

        await("a dead letter for 'big'").atMost(TIMEOUT).until(() -> {
            collect(Duration.ofMillis(200));
            return deadLetters.containsKey("big") && outputs.containsKey("small");
        });
        await().during(lease().plusSeconds(1)).atMost(lease().multipliedBy(3)).until(() -> {
            collect(Duration.ofMillis(100));
            return deadLetters.get("big").size() == 1 && !outputs.containsKey("big");
        });

        assertThat(deadLetters.get("big").get(0).get("error").asText()).startsWith("the app answered 200, but its output was refused");
        assertThat(app.attemptsOf("big")).as("no call after the refusal").containsExactly(1);
        awaitBacklogEmpty();
    }

    @Test
    void a500ThenA200IsRetriedAndSucceeds() {
        app.start().script("flaky", Reply.status(500), Reply.ok());
        publish(List.of(message("flaky")));
        startInProcess(config(1, 3, true, true));

        awaitOutputs(List.of("flaky"));

        assertThat(outputs.get("flaky")).singleElement()
                .satisfies(o -> assertThat(o.get("status").asText()).isEqualTo("SUCCESS"));
        assertThat(app.attemptsOf("flaky")).containsExactly(1, 2);
        collect(Duration.ofMillis(200));
        assertThat(deadLetters).isEmpty();
        awaitBacklogEmpty();
    }

    @Test
    void a400GoesToTheDeadLetterQueueExactlyOnce() {
        app.start().script("bad", Reply.status(400).body("no such thing", "text/plain"));
        TestMessage bad = message("bad");
        publish(List.of(bad));
        startInProcess(config(1, 3, true, true));

        await("a dead letter for 'bad'").atMost(TIMEOUT).until(() -> {
            collect(Duration.ofMillis(200));
            return deadLetters.containsKey("bad");
        });
        // Were it not acked, it would come back after the lease and be dead-lettered again.
        await().during(lease().plusSeconds(1)).atMost(lease().multipliedBy(3)).until(() -> {
            collect(Duration.ofMillis(100));
            return deadLetters.get("bad").size() == 1 && !outputs.containsKey("bad");
        });

        JsonNode dl = deadLetters.get("bad").get(0);
        assertThat(dl.get("request_id").asText()).isEqualTo("bad");
        assertThat(dl.get("status_code").asInt()).isEqualTo(400);
        assertThat(dl.get("error").asText()).contains("400");
        assertThat(dl.get("original").get("body").asText()).isEqualTo(bad.body());
        assertThat(dl.get("response").get("body").asText()).isEqualTo("no such thing");
        assertThat(app.attemptsOf("bad")).containsExactly(1);
        awaitBacklogEmpty();
    }

    @Test
    void aMessageThatOutlastsItsLeaseIsProcessedExactlyOnce() {
        app.start().script("slow", Reply.ok().after(lease().multipliedBy(3)));
        publish(List.of(message("slow")));
        // A free second slot: if the lease lapsed, the sidecar itself would receive the message again meanwhile.
        startInProcess(config(2, 3, true, false));

        awaitOutputs(List.of("slow"));
        await().during(lease().plusSeconds(1)).atMost(lease().multipliedBy(3)).until(() -> {
            collect(Duration.ofMillis(100));
            return outputs.get("slow").size() == 1 && app.callsFor("slow").size() == 1;
        });
        awaitBacklogEmpty();
    }

    @Test
    void nothingIsConsumedUntilTheAppIsUp() {
        List<String> ids = publish(5, "early");
        startInProcess(config(2, 3, true, false));

        await("the backlog stays untouched while the app is down").during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(10))
                .until(() -> {
                    InputBacklog b = queues.inputBacklog();
                    return b.waiting() == ids.size() && b.inFlight() == 0;
                });
        assertThat(app.calls()).isEmpty();

        app.start();
        awaitOutputs(ids);
        awaitBacklogEmpty();
    }

    @Test
    void everyMessageGetsItsOutputAfterAKillDashNineMidFlight() {
        app.start().defaultReply(Reply.ok().after(Duration.ofMillis(300)));
        List<String> ids = publish(30, "crash");
        SidecarConfig config = config(4, 5, true, false);
        SidecarProcess first = startProcess(config, "first");

        await("some calls answered while others are in flight").atMost(TIMEOUT).pollInterval(Duration.ofMillis(10))
                .until(() -> app.calls().size() >= 8 && app.inFlight() > 0);
        first.kill();
        int callsAtKill = app.calls().size();
        int inFlightAtKill = app.inFlight();
        startInProcess(config); // the restart need not be a process of its own: it only has to pick up where the first left off
        awaitOutputs(ids);
        awaitBacklogEmpty();
        collect(Duration.ofMillis(500));

        int total = outputs.values().stream().mapToInt(List::size).sum();
        long duplicated = outputs.values().stream().filter(l -> l.size() > 1).count();
        System.out.printf("[%s] kill -9 after %d app calls (%d of them in flight): %d messages, %d outputs, %d duplicate "
                        + "output(s) over %d request(s), %d app calls in all%n", fixture.name(), callsAtKill, inFlightAtKill,
                ids.size(), total, total - ids.size(), duplicated, app.calls().size());
        outputs.forEach((id, list) -> {
            if (list.size() > 1) {
                System.out.printf("[%s]   %s: %d outputs, app attempts %s%n", fixture.name(), id, list.size(), app.attemptsOf(id));
            }
        });
        assertThat(outputs.keySet()).containsExactlyInAnyOrderElementsOf(ids);
        assertThat(outputs.values()).allSatisfy(l -> assertThat(l).anySatisfy(
                o -> assertThat(o.get("status").asText()).isEqualTo("SUCCESS")));
    }

    @Test
    void drainAnswersOnlyAfterInFlightWorkIsFinishedAndAcked() {
        app.start().defaultReply(Reply.ok().after(Duration.ofMillis(1500)));
        List<String> ids = publish(3, "drain");
        InProcessSidecar sidecar = startInProcess(config(3, 3, true, false));
        await("all three in flight").atMost(TIMEOUT).until(() -> app.inFlight() == 3);

        CompletableFuture<HttpResponse<String>> other = CompletableFuture.supplyAsync(() -> sidecar.drain(DRAIN_TOKEN));
        HttpResponse<String> drained = sidecar.drain(DRAIN_TOKEN);
        InputBacklog atDrain = queues.inputBacklog();

        assertThat(drained.statusCode()).isEqualTo(200);
        assertThat(atDrain.total()).as("input backlog when /drain answered").isZero();
        collect(Duration.ofSeconds(1));
        assertThat(outputs.keySet()).containsExactlyInAnyOrderElementsOf(ids);
        assertThat(other.join().statusCode()).isEqualTo(200);
        assertThat(sidecar.admin("GET", "/readyz", Duration.ofSeconds(5)).statusCode()).isEqualTo(503);
    }

    @Test
    void aDrainWithoutTheTokenIsRefusedAndTheSidecarKeepsFetching() {
        app.start();
        InProcessSidecar sidecar = startInProcess(config(2, 3, true, false));
        List<String> before = publish(2, "before-refusal");
        awaitOutputs(before);

        HttpResponse<String> none = sidecar.admin("GET", SidecarContract.DRAIN_PATH, Duration.ofSeconds(5));
        HttpResponse<String> wrong = sidecar.drain("not-" + DRAIN_TOKEN);

        assertThat(List.of(none, wrong)).allSatisfy(r -> {
            assertThat(r.statusCode()).isEqualTo(403);
            assertThat(r.body()).startsWith("drain refused");
        });
        assertThat(sidecar.admin("GET", SidecarContract.READYZ_PATH, Duration.ofSeconds(5)).statusCode())
                .as("still ready: not draining").isEqualTo(200);
        List<String> after = publish(3, "after-refusal");
        awaitOutputs(after);
        assertThat(outputs.keySet()).containsAll(after);
    }

    @Test
    void aDrainNoTerminationFollowsEndsAndFetchingStartsAgain() {
        app.start();
        Map<String, String> env = sidecarEnv();
        env.put(SidecarContract.TERMINATION_GRACE_PERIOD_ENV, "1s");
        InProcessSidecar sidecar = InProcessSidecar.start(config(2, 3, true, false), env);
        sidecars.add(sidecar);
        awaitOutputs(publish(1, "before-drain"));

        assertThat(sidecar.drain(DRAIN_TOKEN).statusCode()).isEqualTo(200);
        assertThat(sidecar.admin("GET", SidecarContract.READYZ_PATH, Duration.ofSeconds(5)).body()).contains("draining");
        List<String> meanwhile = publish(2, "after-drain");

        // 1 s of grace plus the sidecar's margin of 10 s, then the sidecar fetches again.
        await("ready again").atMost(TIMEOUT).until(() ->
                sidecar.admin("GET", SidecarContract.READYZ_PATH, Duration.ofSeconds(5)).statusCode() == 200);
        awaitOutputs(meanwhile);
    }

    @Test
    void sigtermFinishesInFlightWorkBeforeTheProcessExits() {
        app.start().defaultReply(Reply.ok().after(Duration.ofMillis(1500)));
        List<String> ids = publish(3, "term");
        SidecarProcess sidecar = startProcess(config(3, 3, true, false), "term");
        await("all three in flight").atMost(TIMEOUT).until(() -> app.inFlight() == 3);

        sidecar.stop();
        InputBacklog atExit = queues.inputBacklog();

        assertThat(sidecar.handle().isAlive()).isFalse();
        assertThat(atExit.total()).as("input backlog when the process had exited").isZero();
        collect(Duration.ofSeconds(1));
        assertThat(outputs.keySet()).containsExactlyInAnyOrderElementsOf(ids);
    }

    // -------------------------------------------------------------------------------------------------- helpers

    /** A configuration for these queues and the app; backoff 100 ms to 500 ms. */
    protected SidecarConfig config(int concurrency, int maxAttempts, boolean withOutput, boolean withDeadLetter) {
        SidecarConfig c = new SidecarConfig();
        c.setName(testName);
        c.setNamespace("it");
        c.setPort(FreePorts.find());
        EndpointSpec e = new EndpointSpec();
        e.setPort(app.port());
        e.setPath(TestingApp.PATH);
        e.setTimeout("30s");
        e.setReadinessPath(TestingApp.READINESS_PATH);
        c.setEndpoint(e);
        c.setInput(queues.input());
        if (withOutput) {
            c.setOutput(queues.output());
        }
        if (withDeadLetter) {
            c.setDeadLetter(queues.deadLetter());
        }
        DeliverySpec d = new DeliverySpec();
        d.setConcurrency(concurrency);
        d.setMaxAttempts(maxAttempts);
        BackoffSpec b = new BackoffSpec();
        b.setInitial("100ms");
        b.setMax("500ms");
        d.setBackoff(b);
        c.setDelivery(d);
        return c;
    }

    /** The sidecar's environment: the fixture's secrets plus short waits for tests. */
    protected Map<String, String> sidecarEnv() {
        Map<String, String> env = new HashMap<>(queues.sidecarEnv());
        env.put(ConfigLoader.RECEIVE_WAIT_ENV, "1s");
        env.put(ConfigLoader.DRAIN_TIMEOUT_ENV, "20s");
        env.put(SidecarContract.DRAIN_TOKEN_ENV, DRAIN_TOKEN);
        return env;
    }

    protected InProcessSidecar startInProcess(SidecarConfig config) {
        InProcessSidecar s = InProcessSidecar.start(config, sidecarEnv());
        sidecars.add(s);
        return s;
    }

    protected SidecarProcess startProcess(SidecarConfig config, String label) {
        Path log = Path.of("target", "sidecar-process", fixture.name() + "-" + testName + "-" + label + ".log");
        SidecarProcess p = SidecarProcess.start(config, sidecarEnv(), log);
        sidecars.add(p);
        return p;
    }

    protected static TestMessage message(String requestId) {
        return new TestMessage(requestId, "{\"id\":\"" + requestId + "\",\"payload\":\"h\\u00e9llo\"}", "application/json");
    }

    /** Publishes {@code n} JSON messages with ids {@code prefix-0..n-1}; returns the ids. */
    protected List<String> publish(int n, String prefix) {
        List<TestMessage> messages = IntStream.range(0, n).mapToObj(i -> message(prefix + "-" + i)).toList();
        publish(messages);
        return messages.stream().map(TestMessage::requestId).toList();
    }

    protected void publish(List<TestMessage> messages) {
        queues.publish(messages);
    }

    /** Reads what has arrived on the output and dead-letter queues into {@link #outputs} and {@link #deadLetters}. */
    protected void collect(Duration maxWait) {
        List<ReceivedMessage> received = queues.takeOutputs(maxWait);
        received.forEach(m -> rawOutputs.computeIfAbsent(m.requestId(), k -> new CopyOnWriteArrayList<>()).add(m.bodyText()));
        add(outputs, received);
        add(deadLetters, queues.takeDeadLetters(Duration.ZERO));
    }

    private static void add(Map<String, List<JsonNode>> into, List<ReceivedMessage> received) {
        for (ReceivedMessage m : received) {
            JsonNode json = parse(m);
            assertThat(m.requestId()).as("the broker's request id matches the body's").isEqualTo(json.get("request_id").asText());
            into.computeIfAbsent(m.requestId(), k -> new CopyOnWriteArrayList<>()).add(json);
        }
    }

    private static JsonNode parse(ReceivedMessage m) {
        try {
            return JSON.readTree(m.body());
        } catch (IOException e) {
            throw new UncheckedIOException("not JSON: " + m.bodyText(), e);
        }
    }

    /** Waits until every id has at least one output. */
    protected void awaitOutputs(Collection<String> ids) {
        await("outputs for " + ids.size() + " request(s)").atMost(TIMEOUT).until(() -> {
            collect(Duration.ofMillis(200));
            return outputs.keySet().containsAll(ids);
        });
    }

    /** Waits until the broker reports no message waiting or in flight on the input. */
    protected void awaitBacklogEmpty() {
        await("the input's backlog to be empty").atMost(TIMEOUT).until(() -> queues.inputBacklog().total() == 0);
    }
}
