package io.asyncservice.sidecar.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.asyncservice.api.sidecar.SidecarConfig;
import io.asyncservice.api.v1alpha1.BackoffSpec;
import io.asyncservice.api.v1alpha1.DeliverySpec;
import io.asyncservice.api.v1alpha1.EndpointSpec;
import io.asyncservice.sidecar.config.ConfigLoader;
import io.asyncservice.sidecar.testing.BrokerFixture.InputBacklog;
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
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
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

    private BrokerFixture fixture;
    private final List<SidecarRunner> sidecars = new ArrayList<>();
    private String testName;
    protected BrokerFixture.Queues queues;
    protected TestingApp app;
    /** Everything read from the output so far, by the request id the broker carried. */
    protected final Map<String, List<JsonNode>> outputs = new ConcurrentHashMap<>();
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
        if (fixture.countsRedeliveries()) {
            for (String id : ids) {
                List<Integer> attempts = app.attemptsOf(id);
                if (attempts.size() > 1) {
                    assertThat(attempts.get(attempts.size() - 1)).as("attempt of redelivered %s", id).isGreaterThan(1);
                }
            }
        }
    }

    @Test
    void drainAnswersOnlyAfterInFlightWorkIsFinishedAndAcked() {
        app.start().defaultReply(Reply.ok().after(Duration.ofMillis(1500)));
        List<String> ids = publish(3, "drain");
        InProcessSidecar sidecar = startInProcess(config(3, 3, true, false));
        await("all three in flight").atMost(TIMEOUT).until(() -> app.inFlight() == 3);

        CompletableFuture<HttpResponse<String>> other = CompletableFuture.supplyAsync(sidecar::drain);
        HttpResponse<String> drained = sidecar.drain();
        InputBacklog atDrain = queues.inputBacklog();

        assertThat(drained.statusCode()).isEqualTo(200);
        assertThat(atDrain.total()).as("input backlog when /drain answered").isZero();
        collect(Duration.ofSeconds(1));
        assertThat(outputs.keySet()).containsExactlyInAnyOrderElementsOf(ids);
        assertThat(other.join().statusCode()).isEqualTo(200);
        assertThat(sidecar.admin("GET", "/readyz", Duration.ofSeconds(5)).statusCode()).isEqualTo(503);
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
        add(outputs, queues.takeOutputs(maxWait));
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
