package io.asyncservice.operator.scaling;

import static io.asyncservice.operator.TestAsyncServiceBuilder.asyncService;
import static io.asyncservice.operator.TestAsyncServiceBuilder.fastAutoscaling;
import static io.asyncservice.operator.TestAsyncServiceBuilder.sqs;
import static io.asyncservice.operator.TestFixtures.scaled;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.asyncservice.api.v1alpha1.AsyncService;
import io.asyncservice.api.v1alpha1.AutoscalingSpec;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The loop with doubles of its own interfaces: timers, executors and what gets written. No broker, no Kubernetes. */
class ScalerLoopTest {

    private static final String NS = "team-a";
    private static final ServiceKey ORDERS = new ServiceKey(NS, "orders");
    private static final Duration AWAIT = Duration.ofSeconds(10);

    private final TestingBacklogReaders readers = new TestingBacklogReaders();
    private final TestingReplicaStore replicas = new TestingReplicaStore();
    private final ScaleStatusBoard statuses = new ScaleStatusBoard();
    private final AtomicInteger statusChanges = new AtomicInteger();
    private final TestingScaleEventRecorder events = new TestingScaleEventRecorder();
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    /** Every scale-in preparation, with the replicas the Deployment had when it ran. */
    private final List<String> scaleIns = new CopyOnWriteArrayList<>();
    private volatile ScaleInPreparation scaleIn = (service, from, to) ->
            scaleIns.add(service.key() + " " + from + "->" + to + " with " + replicas.replicas(service.key()) + " replicas");
    /** The sidecars' success counters the loop reads for a targetDrainTime; none by default. */
    private volatile CompletionCounters completionCounters = CompletionCounters.NONE;
    private final CompletionCounters completions = service -> completionCounters.succeededByPod(service);
    private ScalerLoop loop;

    @BeforeEach
    void startLoop() {
        statuses.onChange(key -> statusChanges.incrementAndGet());
        loop = newLoop(ScalerSettings.defaults().withCallTimeout(Duration.ofSeconds(1)));
        loop.start();
    }

    private ScalerLoop newLoop(ScalerSettings settings) {
        return new ScalerLoop(readers, replicas, (service, from, to) -> scaleIn.beforeScaleIn(service, from, to), completions, statuses, events, new ScalerMetrics(registry), Clock.systemUTC(), settings);
    }

    @AfterEach
    void closeLoop() {
        readers.releaseBlockedReads();
        loop.close();
    }

    @Test
    void scalesFromZeroWhenWorkArrivesAndRecordsWhy() {
        replicas.set(ORDERS, 0);
        readers.backlog(ORDERS, 27);

        loop.track(scaled(NS, "orders", fastAutoscaling()));

        await().atMost(AWAIT).until(() -> Integer.valueOf(3).equals(replicas.replicas(ORDERS)));
        await().atMost(AWAIT).untilAsserted(() -> assertThat(events.messages(ORDERS, ScaleEventRecorder.SCALED))
                .containsExactly("Scaled from 0 to 3: backlog 27, target 10 per replica"));
        await().atMost(AWAIT).untilAsserted(() -> {
            ScaleStatus s = statuses.latest(ORDERS).orElseThrow();
            assertThat(s.backlog()).isEqualTo(27L);
            assertThat(s.desiredReplicas()).isEqualTo(3);
            assertThat(s.lastScaleTime()).isNotNull();
            assertThat(s.backlogAvailable()).isTrue();
            assertThat(s.reason()).isEqualTo(ScaleStatus.READ_REASON);
        });
    }

    @Test
    void returnsToZeroAfterTheCooldownOnceTheWorkIsDone() {
        replicas.set(ORDERS, 0);
        readers.backlog(ORDERS, 25);
        loop.track(scaled(NS, "orders", fastAutoscaling()));
        await().atMost(AWAIT).until(() -> Integer.valueOf(3).equals(replicas.replicas(ORDERS)));

        readers.backlog(ORDERS, 0);

        await().atMost(AWAIT).until(() -> Integer.valueOf(0).equals(replicas.replicas(ORDERS)));
        assertThat(replicas.writes()).startsWith("team-a/orders=3").endsWith("team-a/orders=0");
        // The Event follows the replica write on the apply thread, so it may land a moment later.
        await().atMost(AWAIT).untilAsserted(() -> assertThat(events.messages(ORDERS, ScaleEventRecorder.SCALED)).last()
                .asString().startsWith("Scaled from 1 to 0: backlog 0 at or under activationBacklog 0 for cooldownPeriod 300ms"));
    }

    @Test
    void theScaleInChoosesThePodsBeforeTheReplicasAreLoweredAndNotWhenScalingUpOrToZero() {
        replicas.set(ORDERS, 0);
        readers.backlog(ORDERS, 25);
        loop.track(scaled(NS, "orders", fastAutoscaling()));
        await().atMost(AWAIT).until(() -> Integer.valueOf(3).equals(replicas.replicas(ORDERS)));
        assertThat(scaleIns).as("scaling up removes no pod").isEmpty();

        readers.backlog(ORDERS, 12);
        await().atMost(AWAIT).until(() -> Integer.valueOf(2).equals(replicas.replicas(ORDERS)));
        assertThat(scaleIns).containsExactly("team-a/orders 3->2 with 3 replicas");

        readers.backlog(ORDERS, 0);
        await().atMost(AWAIT).until(() -> Integer.valueOf(0).equals(replicas.replicas(ORDERS)));
        assertThat(scaleIns).as("each lowering to one or more ran before its write; going to zero drains every pod")
                .allSatisfy(call -> assertThat(call).doesNotContain("->0"))
                .first().isEqualTo("team-a/orders 3->2 with 3 replicas");
    }

    @Test
    void aDrainTimeScalesOnTheDefaultTargetUntilTheSidecarsCountersGiveARateThenOnTheRate() {
        // Two pods, each completing 500 messages a second, as their counters say whenever they are read.
        long started = System.nanoTime();
        completionCounters = service -> {
            long succeeded = (System.nanoTime() - started) * 500 / 1_000_000_000L;
            return Map.of("orders-a", succeeded, "orders-b", succeeded);
        };
        AutoscalingSpec drainTime = fastAutoscaling();
        drainTime.setTargetBacklogPerReplica(null);
        drainTime.setTargetDrainTime("1s");
        drainTime.setDrainRateWindow("2s");
        drainTime.setMaxReplicas(20);
        replicas.set(ORDERS, 0);
        readers.backlog(ORDERS, 3_600);

        loop.track(scaled(NS, "orders", drainTime));

        // Before a rate: ceil(3600 / 10), capped at 20. Then ceil(3600 / (500 msg/s x 1 s)) = 8.
        await().atMost(AWAIT).until(() -> Integer.valueOf(8).equals(replicas.replicas(ORDERS)));
        await().atMost(AWAIT).untilAsserted(() -> assertThat(events.messages(ORDERS, ScaleEventRecorder.SCALED)).last()
                .asString().matches("Scaled from \\d+ to 8: backlog 3600, [0-9.]+ msg/s per replica, target drain time 1s"));
        assertThat(events.messages(ORDERS, ScaleEventRecorder.SCALED)).first().asString()
                .isEqualTo("Scaled from 0 to 20: backlog 3600, no completion rate measured yet, so 10 per replica, capped at maxReplicas 20");
    }

    @Test
    void aFailingScaleInPreparationStillLowersTheReplicas() {
        scaleIn = (service, from, to) -> {
            throw new IllegalStateException("the API server refused the pod list");
        };
        replicas.set(ORDERS, 3);
        readers.backlog(ORDERS, 12);

        loop.track(scaled(NS, "orders", fastAutoscaling()));

        await().atMost(AWAIT).until(() -> Integer.valueOf(2).equals(replicas.replicas(ORDERS)));
        assertThat(replicas.writes()).containsExactly("team-a/orders=2");
    }

    @Test
    void aFailingBrokerKeepsTheReplicasSetsTheConditionAndRecordsOneEvent() {
        replicas.set(ORDERS, 2);
        readers.fail(ORDERS, BacklogReadException.UNREACHABLE, "connection refused");

        loop.track(scaled(NS, "orders", fastAutoscaling()));

        await().atMost(AWAIT).until(() -> readers.reads(ORDERS) >= 6);
        await().atMost(AWAIT).untilAsserted(() -> {
            ScaleStatus s = statuses.latest(ORDERS).orElseThrow();
            assertThat(s.backlogAvailable()).isFalse();
            assertThat(s.reason()).isEqualTo(BacklogReadException.UNREACHABLE);
            assertThat(s.message()).isEqualTo("connection refused");
        });
        assertThat(replicas.replicas(ORDERS)).isEqualTo(2);
        assertThat(replicas.writes()).isEmpty();
        assertThat(events.messages(ORDERS, ScaleEventRecorder.BACKLOG_UNAVAILABLE)).singleElement().asString()
                .startsWith("Cannot read the backlog (Unreachable): connection refused. Keeping 2 replicas");
        assertThat(readers.closed()).as("a failed reader is closed and reopened, re-reading the Secret")
                .isGreaterThanOrEqualTo(5);

        readers.backlog(ORDERS, 0);
        await().atMost(AWAIT).until(() -> statuses.latest(ORDERS).orElseThrow().backlogAvailable());
        assertThat(events.messages(ORDERS, ScaleEventRecorder.BACKLOG_AVAILABLE)).containsExactly("The backlog is readable again: 0");
    }

    @Test
    void aStuckBrokerDelaysNoOtherService() {
        loop.close();
        loop = newLoop(new ScalerSettings(2, 1, Duration.ofSeconds(30), 3, 1));
        loop.start();
        for (int i = 0; i < 4; i++) {
            ServiceKey slow = new ServiceKey(NS, "slow-" + i);
            replicas.set(slow, 1);
            readers.block(slow);
            readers.endpoint(slow, "stuck-broker");
            loop.track(scaled(NS, slow.name(), fastAutoscaling()));
        }
        ServiceKey fast = new ServiceKey(NS, "fast");
        replicas.set(fast, 0);
        readers.backlog(fast, 42);

        loop.track(scaled(NS, "fast", fastAutoscaling()));

        await().atMost(AWAIT).until(() -> Integer.valueOf(5).equals(replicas.replicas(fast)));
        int stuckReads = 0;
        for (int i = 0; i < 4; i++) {
            stuckReads += readers.reads(new ServiceKey(NS, "slow-" + i));
        }
        assertThat(stuckReads).as("one read thread at most is held by the stuck endpoint; the others wait in its queue")
                .isEqualTo(1);
    }

    @Test
    void untrackStopsPollingAndGivesTheClientBack() {
        replicas.set(ORDERS, 1);
        loop.track(scaled(NS, "orders", fastAutoscaling()));
        await().atMost(AWAIT).until(() -> readers.reads(ORDERS) >= 2);

        loop.untrack(NS, "orders");

        await().atMost(AWAIT).until(() -> readers.closed() == readers.opened());
        int reads = readers.reads(ORDERS);
        await().during(Duration.ofMillis(300)).atMost(AWAIT).until(() -> readers.reads(ORDERS) == reads);
        assertThat(loop.isTracking(ORDERS)).isFalse();
        assertThat(registry.find(ScalerMetrics.BACKLOG).tag("name", "orders").gauge()).isNull();
        assertThat(registry.find(ScalerMetrics.AVAILABLE).tag("name", "orders").gauge()).isNull();
    }

    @Test
    void stopPausesEveryServiceAndStartResumesIt() {
        replicas.set(ORDERS, 0);
        loop.track(scaled(NS, "orders", fastAutoscaling()));
        await().atMost(AWAIT).until(() -> readers.reads(ORDERS) >= 1);

        loop.stop();
        await().atMost(AWAIT).until(() -> readers.closed() == readers.opened());
        readers.backlog(ORDERS, 30);
        int reads = readers.reads(ORDERS);
        await().during(Duration.ofMillis(300)).atMost(AWAIT).until(() -> readers.reads(ORDERS) == reads);
        assertThat(replicas.replicas(ORDERS)).isZero();
        assertThat(loop.isTracking(ORDERS)).as("still known, for when leadership comes back").isTrue();

        loop.start();
        await().atMost(AWAIT).until(() -> Integer.valueOf(3).equals(replicas.replicas(ORDERS)));
    }

    @Test
    void servicesTrackedWhileStoppedArePolledFromStart() {
        loop.stop();
        replicas.set(ORDERS, 0);
        readers.backlog(ORDERS, 5);
        loop.track(scaled(NS, "orders", fastAutoscaling()));
        assertThat(readers.reads(ORDERS)).isZero();

        loop.start();

        await().atMost(AWAIT).until(() -> Integer.valueOf(1).equals(replicas.replicas(ORDERS)));
    }

    @Test
    void aShorterPollingIntervalReschedulesTheTimer() {
        replicas.set(ORDERS, 0);
        readers.backlog(ORDERS, 11);
        AutoscalingSpec slow = fastAutoscaling();
        slow.setPollingInterval("1h");
        loop.track(scaled(NS, "orders", slow));

        loop.track(scaled(NS, "orders", fastAutoscaling()));

        await().atMost(AWAIT).until(() -> Integer.valueOf(2).equals(replicas.replicas(ORDERS)));
    }

    @Test
    void aChangedInputOpensANewReaderAndClosesTheOld() {
        replicas.set(ORDERS, 0);
        loop.track(scaled(NS, "orders", fastAutoscaling()));
        await().atMost(AWAIT).until(() -> readers.reads(ORDERS) >= 1);

        AsyncService moved = asyncService(NS, "orders").randomUid()
                .input(sqs("http://127.0.0.1:9324/000000000000/orders-v2")).autoscaling(fastAutoscaling()).build();
        loop.reconcile(moved, "orders");

        await().atMost(AWAIT).until(() -> readers.openedInputs().stream().anyMatch(s -> s.contains("orders-v2")));
        await().atMost(AWAIT).until(() -> readers.closed() == readers.opened() - 1);
    }

    @Test
    void removingAutoscalingStopsFollowingTheService() {
        replicas.set(ORDERS, 1);
        loop.track(scaled(NS, "orders", fastAutoscaling()));

        loop.reconcile(asyncService(NS, "orders").randomUid().input(sqs("http://q/orders")).build(), "orders");

        assertThat(loop.isTracking(ORDERS)).isFalse();
    }

    @Test
    void thePauseAnnotationFreezesTheReplicas() {
        replicas.set(ORDERS, 4);
        readers.backlog(ORDERS, 100);

        loop.track(scaled(NS, "orders", fastAutoscaling(), Map.of(ScalingPolicy.PAUSE_ANNOTATION, "1")));

        await().atMost(AWAIT).until(() -> Integer.valueOf(1).equals(replicas.replicas(ORDERS)));
        await().atMost(AWAIT).until(() -> readers.reads(ORDERS) >= 5);
        assertThat(replicas.writes()).containsExactly("team-a/orders=1");
        assertThat(events.messages(ORDERS, ScaleEventRecorder.SCALED))
                .containsExactly("Scaled from 4 to 1: paused by annotation asyncservice.io/paused-replicas");
    }

    @Test
    void nothingIsScaledBeforeTheDeploymentExists() {
        readers.backlog(ORDERS, 50);
        loop.track(scaled(NS, "orders", fastAutoscaling()));
        await().atMost(AWAIT).until(() -> readers.reads(ORDERS) >= 3);
        assertThat(replicas.writes()).isEmpty();

        replicas.set(ORDERS, 0);

        await().atMost(AWAIT).until(() -> Integer.valueOf(5).equals(replicas.replicas(ORDERS)));
    }

    @Test
    void gaugesFollowEachServiceAndReadsAreTimedPerBroker() {
        replicas.set(ORDERS, 0);
        readers.backlog(ORDERS, 33);
        loop.track(scaled(NS, "orders", fastAutoscaling()));

        await().atMost(AWAIT).untilAsserted(() -> {
            assertThat(registry.get(ScalerMetrics.BACKLOG).tags("namespace", NS, "name", "orders").gauge().value()).isEqualTo(33.0);
            assertThat(registry.get(ScalerMetrics.DESIRED).tags("namespace", NS, "name", "orders").gauge().value()).isEqualTo(4.0);
            assertThat(registry.get(ScalerMetrics.READS).tag("broker", "sqs").timer().count()).isPositive();
            assertThat(registry.get(ScalerMetrics.AVAILABLE).tags("namespace", NS, "name", "orders").gauge().value()).isEqualTo(1.0);
        });
        readers.fail(ORDERS, BacklogReadException.TIMEOUT, "slow");
        await().atMost(AWAIT).untilAsserted(() -> {
            assertThat(registry.get(ScalerMetrics.READ_ERRORS).tags("broker", "sqs", "reason", "Timeout").counter().count())
                    .isPositive();
            assertThat(registry.get(ScalerMetrics.AVAILABLE).tags("namespace", NS, "name", "orders").gauge().value()).isEqualTo(0.0);
        });
    }

    @Test
    void statusIsPublishedOnlyWhenItChanges() {
        replicas.set(ORDERS, 0);
        readers.backlog(ORDERS, 0);
        loop.track(scaled(NS, "orders", fastAutoscaling()));

        await().atMost(AWAIT).until(() -> readers.reads(ORDERS) >= 10);

        assertThat(statusChanges.get()).as("one reconcile asked for, not one per poll").isEqualTo(1);
        readers.backlog(ORDERS, 7);
        await().atMost(AWAIT).until(() -> statusChanges.get() == 2);
        assertThat(statuses.latest(ORDERS)).hasValueSatisfying(s -> assertThat(s.backlog()).isEqualTo(7L));
    }

    @Test
    void aServiceNoLongerFollowedLeavesTheBoardAndRegainedLeadershipPublishesAgain() {
        replicas.set(ORDERS, 0);
        readers.backlog(ORDERS, 0);
        loop.track(scaled(NS, "orders", fastAutoscaling()));
        await().atMost(AWAIT).until(() -> statusChanges.get() == 1);

        // Another leader's reconciler may have written its own scaler's status meanwhile: the first poll counts.
        loop.stop();
        loop.start();
        await().atMost(AWAIT).until(() -> statusChanges.get() == 2);
        await().during(Duration.ofMillis(300)).atMost(AWAIT).until(() -> statusChanges.get() == 2);

        loop.untrack(ORDERS);
        assertThat(statuses.latest(ORDERS)).isEmpty();
    }
}
