package io.asyncservice.operator;

import io.asyncservice.api.v1alpha1.AmqpSpec;
import io.asyncservice.api.v1alpha1.AsyncService;
import io.asyncservice.api.v1alpha1.AsyncServiceSpec;
import io.asyncservice.api.v1alpha1.AutoscalingSpec;
import io.asyncservice.api.v1alpha1.BrokerSpec;
import io.asyncservice.api.v1alpha1.EndpointSpec;
import io.asyncservice.api.v1alpha1.KafkaSpec;
import io.asyncservice.api.v1alpha1.NatsSpec;
import io.asyncservice.api.v1alpha1.SqsSpec;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpecBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

/**
 * The one way tests build an AsyncService:
 * <pre>{@code
 * asyncService("ml", "orders").workerApp().input(sqs(queueUrl)).autoscaling(fastAutoscaling()).build()
 * }</pre>
 * It starts from a name, a namespace and an empty spec; each call sets one part, and what is not called stays unset.
 * The static methods make the parts: a broker of each kind and autoscaling rules. {@link TestFixtures} holds
 * ready-made AsyncServices built with it.
 */
public final class TestAsyncServiceBuilder {

    private final AsyncService asvc = new AsyncService();

    private TestAsyncServiceBuilder(String namespace, String name) {
        asvc.setMetadata(new ObjectMetaBuilder().withNamespace(namespace).withName(name).build());
        asvc.setSpec(new AsyncServiceSpec());
    }

    public static TestAsyncServiceBuilder asyncService(String namespace, String name) {
        return new TestAsyncServiceBuilder(namespace, name);
    }

    /**
     * The summarizer app a user writes: one container on port 8000 with a GPU, an init container, a volume, a
     * toleration, labels; endpoint {@code /summarize}, timeout 10m, readiness {@code /health}.
     */
    public TestAsyncServiceBuilder summarizerApp() {
        return app(summarizerTemplate(), endpoint(8000, "/summarize", "10m", "/health"));
    }

    /** A bare worker: one container, {@code app}, on port 8000; endpoint {@code /work}. */
    public TestAsyncServiceBuilder workerApp() {
        PodTemplateSpec template = new PodTemplateSpecBuilder()
                .withNewSpec()
                .addNewContainer().withName("app").withImage("ghcr.io/acme/worker:1.0")
                .addNewPort().withContainerPort(8000).endPort().endContainer()
                .endSpec()
                .build();
        return app(template, endpoint(8000, "/work", null, null));
    }

    public TestAsyncServiceBuilder input(BrokerSpec input) {
        asvc.getSpec().setInput(input);
        return this;
    }

    public TestAsyncServiceBuilder output(BrokerSpec output) {
        asvc.getSpec().setOutput(output);
        return this;
    }

    public TestAsyncServiceBuilder deadLetter(BrokerSpec deadLetter) {
        asvc.getSpec().setDeadLetter(deadLetter);
        return this;
    }

    public TestAsyncServiceBuilder autoscaling(AutoscalingSpec autoscaling) {
        asvc.getSpec().setAutoscaling(autoscaling);
        return this;
    }

    public TestAsyncServiceBuilder replicas(int replicas) {
        asvc.getSpec().setReplicas(replicas);
        return this;
    }

    /** The sidecar as a Kubernetes native sidecar: an init container with {@code restartPolicy: Always}. */
    public TestAsyncServiceBuilder nativeSidecar() {
        asvc.getSpec().getSidecar().setNativeSidecar(true);
        return this;
    }

    public TestAsyncServiceBuilder sidecarPort(int port) {
        asvc.getSpec().getSidecar().setPort(port);
        return this;
    }

    /** A uid, as the API server gives every object it stores. */
    public TestAsyncServiceBuilder randomUid() {
        asvc.getMetadata().setUid(UUID.randomUUID().toString());
        return this;
    }

    public TestAsyncServiceBuilder annotations(Map<String, String> annotations) {
        asvc.getMetadata().setAnnotations(new HashMap<>(annotations));
        return this;
    }

    /** The AsyncService; a builder builds one, which the test may then change freely. */
    public AsyncService build() {
        return asvc;
    }

    public static BrokerSpec sqs(SqsSpec sqs) {
        BrokerSpec broker = new BrokerSpec();
        broker.setSqs(sqs);
        return broker;
    }

    /** An SQS broker with only its queue URL. */
    public static BrokerSpec sqs(String queueUrl) {
        SqsSpec sqs = new SqsSpec();
        sqs.setQueueUrl(queueUrl);
        return sqs(sqs);
    }

    public static BrokerSpec kafka(KafkaSpec kafka) {
        BrokerSpec broker = new BrokerSpec();
        broker.setKafka(kafka);
        return broker;
    }

    public static BrokerSpec nats(NatsSpec nats) {
        BrokerSpec broker = new BrokerSpec();
        broker.setNats(nats);
        return broker;
    }

    public static BrokerSpec amqp(AmqpSpec amqp) {
        BrokerSpec broker = new BrokerSpec();
        broker.setAmqp(amqp);
        return broker;
    }

    /** Target 10 per replica, 0 to 10 replicas, with these timings. */
    public static AutoscalingSpec autoscaling(String pollingInterval, String cooldownPeriod,
            String scaleDownStabilization) {
        AutoscalingSpec a = new AutoscalingSpec();
        a.setMinReplicas(0);
        a.setMaxReplicas(10);
        a.setTargetBacklogPerReplica(10);
        a.setPollingInterval(pollingInterval);
        a.setCooldownPeriod(cooldownPeriod);
        a.setScaleDownStabilization(scaleDownStabilization);
        return a;
    }

    /** Fast rules for tests of the scaler loop without a cluster: polling 50ms, cooldown 300ms, stabilization 100ms. */
    public static AutoscalingSpec fastAutoscaling() {
        return autoscaling("50ms", "300ms", "100ms");
    }

    /** Timings for end-to-end tests on an API server: polling 500ms, cooldown 2s, stabilization 1s. */
    public static AutoscalingSpec clusterAutoscaling() {
        return autoscaling("500ms", "2s", "1s");
    }

    private TestAsyncServiceBuilder app(PodTemplateSpec template, EndpointSpec endpoint) {
        asvc.getSpec().setTemplate(template);
        asvc.getSpec().setEndpoint(endpoint);
        return this;
    }

    private static EndpointSpec endpoint(int port, String path, String timeout, String readinessPath) {
        EndpointSpec endpoint = new EndpointSpec();
        endpoint.setPort(port);
        endpoint.setPath(path);
        if (timeout != null) {
            endpoint.setTimeout(timeout);
        }
        if (readinessPath != null) {
            endpoint.setReadinessPath(readinessPath);
        }
        return endpoint;
    }

    private static PodTemplateSpec summarizerTemplate() {
        return new PodTemplateSpecBuilder()
                .withNewMetadata()
                    .addToLabels("team", "ml")
                    .addToAnnotations("example.com/owner", "ml-platform")
                .endMetadata()
                .withNewSpec()
                    .addNewImagePullSecret("ghcr-pull")
                    .addNewInitContainer()
                        .withName("fetch-model")
                        .withImage("ghcr.io/acme/model-fetcher:2.0")
                        .withArgs("--model", "summarizer-small", "--into", "/models")
                        .addNewVolumeMount().withName("models").withMountPath("/models").endVolumeMount()
                    .endInitContainer()
                    .addNewContainer()
                        .withName("app")
                        .withImage("ghcr.io/acme/summarizer:1.4")
                        .addNewPort().withName("http").withContainerPort(8000).endPort()
                        .addNewEnv().withName("MODEL_DIR").withValue("/models").endEnv()
                        .addNewEnv().withName("WORKERS").withValue("2").endEnv()
                        .withNewResources()
                            .addToRequests("cpu", new Quantity("1"))
                            .addToRequests("memory", new Quantity("2Gi"))
                            .addToLimits("nvidia.com/gpu", new Quantity("1"))
                        .endResources()
                        .withNewReadinessProbe().withNewHttpGet().withPath("/health")
                            .withPort(new IntOrString("http")).endHttpGet().endReadinessProbe()
                        .addNewVolumeMount().withName("models").withMountPath("/models").withReadOnly(true).endVolumeMount()
                    .endContainer()
                    .addNewVolume().withName("models").withNewEmptyDir().endEmptyDir().endVolume()
                    .addNewToleration().withKey("nvidia.com/gpu").withOperator("Exists").withEffect("NoSchedule").endToleration()
                    .addToNodeSelector("accelerator", "nvidia-l4")
                .endSpec()
                .build();
    }
}
