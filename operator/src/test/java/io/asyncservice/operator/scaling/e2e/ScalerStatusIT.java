package io.asyncservice.operator.scaling.e2e;

import static io.asyncservice.operator.TestAsyncServiceBuilder.asyncService;
import static io.asyncservice.operator.TestAsyncServiceBuilder.clusterAutoscaling;
import static io.asyncservice.operator.TestAsyncServiceBuilder.sqs;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.read.ListAppender;
import io.asyncservice.api.v1alpha1.AsyncService;
import io.asyncservice.api.v1alpha1.SqsSpec;
import io.asyncservice.operator.cluster.FakeKubelet;
import io.asyncservice.operator.cluster.RealCluster;
import io.asyncservice.operator.cluster.TestNamespace;
import io.asyncservice.operator.controller.AsyncServiceReconciler;
import io.asyncservice.operator.model.Names;
import io.asyncservice.operator.scaling.ScalingPolicy;
import io.asyncservice.testing.EmbeddedSqs;
import io.asyncservice.testing.UniqueNames;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.ManagedFieldsEntry;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.http.AsyncBody;
import io.fabric8.kubernetes.client.http.HttpRequest;
import io.fabric8.kubernetes.client.http.HttpResponse;
import io.fabric8.kubernetes.client.http.Interceptor;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.sqs.model.Message;

/**
 * One status writer, on a real API server: the reconciler and the scaler both at work on one AsyncService while its
 * backlog moves, and its status shows both their parts (Ready from the pods, BacklogAvailable and the backlog from
 * the scaler) without a single write conflict. Conflicts are counted twice: every 409 the API server answers the
 * operator's client about an AsyncService, and every line of the operator's log that mentions one.
 */
class ScalerStatusIT {

    private static final Duration AWAIT = Duration.ofSeconds(30);

    /** The 409 answers the API server gave the operator about AsyncServices, as "METHOD path". */
    private static final Queue<String> CONFLICTS = new ConcurrentLinkedQueue<>();
    private static final EmbeddedSqs SQS = EmbeddedSqs.shared();

    private static ScalerCluster cluster;
    private static ListAppender<ILoggingEvent> log;
    private static Level reconcilerLevel;

    private TestNamespace ns;

    @BeforeAll
    static void start() {
        Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        log = new ListAppender<>();
        log.start();
        root.addAppender(log);
        // The reconciler logs a write conflict it retries at DEBUG: make it visible too.
        Logger reconciler = (Logger) LoggerFactory.getLogger(AsyncServiceReconciler.class);
        reconcilerLevel = reconciler.getLevel();
        reconciler.setLevel(Level.DEBUG);
        cluster = ScalerCluster.start(new Interceptor() {
            @Override
            public void after(HttpRequest request, HttpResponse<?> response, AsyncBody.Consumer<List<ByteBuffer>> consumer) {
                if (response.code() == 409 && request.uri().getPath().contains("/asyncservices")) {
                    CONFLICTS.add(request.method() + " " + request.uri().getPath());
                }
            }
        });
    }

    @AfterAll
    static void stop() {
        if (cluster != null) {
            cluster.close();
        }
        Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        root.detachAppender(log);
        ((Logger) LoggerFactory.getLogger(AsyncServiceReconciler.class)).setLevel(reconcilerLevel);
    }

    @BeforeEach
    void namespace() {
        ns = cluster.namespace("scaler-status");
        CONFLICTS.clear();
        log.list.clear();
    }

    @AfterEach
    void deleteNamespace() {
        if (ns != null) {
            ns.close();
        }
    }

    @Test
    void theStatusShowsTheReconcilersAndTheScalersPartsWithoutAConflict() {
        String queueUrl = SQS.createQueue(UniqueNames.of("it-scaler-status"));
        try {
            cluster.create(service("jobs", queueUrl), Map.of("aws", Map.of(
                    "AWS_ACCESS_KEY_ID", EmbeddedSqs.ACCESS_KEY, "AWS_SECRET_ACCESS_KEY", EmbeddedSqs.SECRET_KEY)));

            // Idle: scaled to zero on purpose, so Ready; the backlog is read and is 0.
            await().atMost(AWAIT).untilAsserted(() -> {
                AsyncService asvc = cluster.get(ns.name(), "jobs");
                assertThat(condition(asvc, "Ready")).extracting("status", "reason").containsExactly("True", "ScaledToZero");
                assertThat(condition(asvc, "BacklogAvailable")).extracting("status", "reason").containsExactly("True", "BacklogRead");
                assertThat(asvc.getStatus().getBacklog()).isZero();
                assertThat(asvc.getStatus().getDesiredReplicas()).isZero();
            });

            // Work arrives: the scaler goes to 3, the reconciler waits for the pods.
            for (int i = 0; i < 25; i++) {
                int n = i;
                SQS.client().sendMessage(b -> b.queueUrl(queueUrl).messageBody("job " + n));
            }
            await().atMost(AWAIT).untilAsserted(() -> {
                AsyncService asvc = cluster.get(ns.name(), "jobs");
                assertThat(asvc.getStatus().getBacklog()).isEqualTo(25L);
                assertThat(asvc.getStatus().getDesiredReplicas()).isEqualTo(3);
                assertThat(asvc.getStatus().getLastScaleTime()).isNotNull();
                assertThat(condition(asvc, "BacklogAvailable").getMessage()).isEqualTo("Backlog 25 read from the sqs input");
                assertThat(condition(asvc, "Ready")).extracting("status", "reason").containsExactly("False", "Progressing");
            });
            String backlogSince = condition(cluster.get(ns.name(), "jobs"), "BacklogAvailable").getLastTransitionTime();

            // The pods become ready: Ready turns True next to the scaler's part, which stays.
            List<Pod> pods = await().atMost(AWAIT).until(() -> cluster.client().pods().inNamespace(ns.name())
                    .withLabel(Names.LABEL_ASYNC_SERVICE, "jobs").list().getItems(), p -> p.size() == 3);
            pods.forEach(p -> FakeKubelet.markReady(cluster.client(), p));
            await().atMost(AWAIT).untilAsserted(() -> {
                AsyncService asvc = cluster.get(ns.name(), "jobs");
                assertThat(condition(asvc, "Ready")).extracting("status", "reason", "message")
                        .containsExactly("True", "Available", "3 of 3 replicas are ready");
                assertThat(asvc.getStatus().getReadyReplicas()).isEqualTo(3);
                assertThat(asvc.getStatus().getBacklog()).isEqualTo(25L);
                assertThat(asvc.getStatus().getDesiredReplicas()).isEqualTo(3);
                assertThat(condition(asvc, "BacklogAvailable").getStatus()).isEqualTo("True");
            });

            // The work is done: back to zero, the backlog follows, the BacklogAvailable transition time never moved.
            receiveAndDeleteAll(queueUrl, 25);
            await().atMost(AWAIT).untilAsserted(() -> {
                AsyncService asvc = cluster.get(ns.name(), "jobs");
                assertThat(asvc.getStatus().getBacklog()).isZero();
                assertThat(asvc.getStatus().getDesiredReplicas()).isZero();
                assertThat(condition(asvc, "Ready")).extracting("status", "reason").containsExactly("True", "ScaledToZero");
                assertThat(condition(asvc, "BacklogAvailable").getLastTransitionTime()).isEqualTo(backlogSince);
                assertThat(asvc.getStatus().getConditions()).extracting(Condition::getType)
                        .containsExactlyInAnyOrder("Valid", "Ready", "BacklogAvailable");
            });

            // kubectl describe asvc shows the scaler's Events as before.
            assertThat(cluster.events(ns.name(), "jobs", "Scaled")).extracting(Event::getMessage)
                    .anyMatch(m -> m.matches("Scaled from [0-2] to 3: backlog 2[1-5], target 10 per replica"));

            // One writer: every status field of the AsyncService is managed by the operator's field manager alone.
            List<ManagedFieldsEntry> statusManagers = cluster.get(ns.name(), "jobs").getMetadata().getManagedFields().stream()
                    .filter(m -> "status".equals(m.getSubresource())).toList();
            assertThat(statusManagers).extracting(ManagedFieldsEntry::getManager).containsOnly(RealCluster.OPERATOR_FIELD_MANAGER);

            // And no write conflict about it, neither on the wire nor in the log.
            assertThat(CONFLICTS).isEmpty();
            List<String> lines = log.list.stream().map(ScalerStatusIT::text).toList();
            assertThat(lines).as("the log is captured").anyMatch(l -> l.contains("Scaled from 0 to "));
            assertThat(lines).noneMatch(l -> l.toLowerCase(Locale.ROOT).contains("conflict") || l.contains("409"));
        } finally {
            SQS.deleteQueue(queueUrl);
        }
    }

    /**
     * The pause annotation leaves the generation alone, so JOSDK's generation-aware processing starts no reconcile for
     * it; the scaler still learns of it at once, since its event source hears every change of JOSDK's informer.
     */
    @Test
    void thePauseAnnotationAndAnAutoscalingEditReachTheScalerAtOnce() {
        String queueUrl = SQS.createQueue(UniqueNames.of("it-scaler-pause"));
        try {
            cluster.create(service("paused", queueUrl), Map.of("aws", Map.of(
                    "AWS_ACCESS_KEY_ID", EmbeddedSqs.ACCESS_KEY, "AWS_SECRET_ACCESS_KEY", EmbeddedSqs.SECRET_KEY)));
            await().atMost(AWAIT).untilAsserted(() -> {
                assertThat(cluster.replicas(ns.name(), "paused")).isZero();
                assertThat(cluster.get(ns.name(), "paused").getStatus().getDesiredReplicas()).isZero();
            });

            AsyncService annotated = cluster.client().resources(AsyncService.class).inNamespace(ns.name()).withName("paused")
                    .edit(a -> {
                        Map<String, String> annotations = a.getMetadata().getAnnotations() == null
                                ? new HashMap<>() : new HashMap<>(a.getMetadata().getAnnotations());
                        annotations.put(ScalingPolicy.PAUSE_ANNOTATION, "2");
                        a.getMetadata().setAnnotations(annotations);
                        return a;
                    });
            assertThat(annotated.getMetadata().getGeneration()).as("an annotation leaves the generation alone").isEqualTo(1L);

            await().atMost(Duration.ofSeconds(5)).until(() -> Integer.valueOf(2).equals(cluster.replicas(ns.name(), "paused")));
            await().atMost(Duration.ofSeconds(5)).untilAsserted(() ->
                    assertThat(cluster.get(ns.name(), "paused").getStatus().getDesiredReplicas()).isEqualTo(2));
            await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(cluster.events(ns.name(), "paused", "Scaled"))
                    .extracting(Event::getMessage)
                    .contains("Scaled from 0 to 2: paused by annotation " + ScalingPolicy.PAUSE_ANNOTATION));

            cluster.client().resources(AsyncService.class).inNamespace(ns.name()).withName("paused").edit(a -> {
                a.getMetadata().getAnnotations().remove(ScalingPolicy.PAUSE_ANNOTATION);
                a.getSpec().getAutoscaling().setMinReplicas(1);
                return a;
            });

            await().atMost(Duration.ofSeconds(10)).until(() -> Integer.valueOf(1).equals(cluster.replicas(ns.name(), "paused")));
            await().atMost(Duration.ofSeconds(5)).untilAsserted(() ->
                    assertThat(cluster.get(ns.name(), "paused").getStatus().getDesiredReplicas()).isEqualTo(1));
        } finally {
            SQS.deleteQueue(queueUrl);
        }
    }

    private AsyncService service(String name, String queueUrl) {
        SqsSpec in = new SqsSpec();
        in.setQueueUrl(queueUrl);
        in.setEndpoint(SQS.endpoint());
        in.setRegion(EmbeddedSqs.REGION);
        in.setCredentialsSecret("aws");
        return asyncService(ns.name(), name).workerApp().input(sqs(in)).autoscaling(clusterAutoscaling()).build();
    }

    private static Condition condition(AsyncService asvc, String type) {
        assertThat(asvc.getStatus()).isNotNull();
        return asvc.getStatus().getConditions().stream().filter(c -> type.equals(c.getType())).findFirst()
                .orElseThrow(() -> new AssertionError("no " + type + " condition in " + asvc.getStatus()));
    }

    private static void receiveAndDeleteAll(String queueUrl, int count) {
        List<Message> received = new ArrayList<>();
        await().atMost(AWAIT).until(() -> {
            received.addAll(SQS.client().receiveMessage(b -> b.queueUrl(queueUrl).maxNumberOfMessages(10).visibilityTimeout(120))
                    .messages());
            return received.size() >= count;
        });
        received.forEach(m -> SQS.client().deleteMessage(b -> b.queueUrl(queueUrl).receiptHandle(m.receiptHandle())));
    }

    private static String text(ILoggingEvent event) {
        return event.getLevel() + " " + event.getLoggerName() + " " + event.getFormattedMessage()
                + (event.getThrowableProxy() == null ? "" : " " + ThrowableProxyUtil.asString(event.getThrowableProxy()));
    }
}
