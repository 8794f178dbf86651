package io.asyncservice.operator.scaling;

import io.asyncservice.api.v1alpha1.AsyncService;
import io.asyncservice.api.v1alpha1.AsyncServiceSpec;
import io.asyncservice.api.v1alpha1.AutoscalingSpec;
import io.asyncservice.api.v1alpha1.BrokerSpec;
import io.asyncservice.api.v1alpha1.SqsSpec;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

/** AsyncService fixtures for the scaler's tests, built in Java. */
public final class TestAsyncServices {

    private TestAsyncServices() {
    }

    /** Fast rules for loop tests: polling 50ms, cooldown 300ms, stabilization 100ms, target 10, min 0, max 10. */
    public static AutoscalingSpec fastAutoscaling() {
        AutoscalingSpec a = new AutoscalingSpec();
        a.setPollingInterval("50ms");
        a.setCooldownPeriod("300ms");
        a.setScaleDownStabilization("100ms");
        a.setTargetBacklogPerReplica(10);
        a.setMinReplicas(0);
        a.setMaxReplicas(10);
        return a;
    }

    public static BrokerSpec sqsInput(String queueUrl) {
        SqsSpec sqs = new SqsSpec();
        sqs.setQueueUrl(queueUrl);
        BrokerSpec input = new BrokerSpec();
        input.setSqs(sqs);
        return input;
    }

    public static AsyncService asyncService(String namespace, String name, BrokerSpec input, AutoscalingSpec autoscaling) {
        return asyncService(namespace, name, input, autoscaling, Map.of());
    }

    public static AsyncService asyncService(String namespace, String name, BrokerSpec input, AutoscalingSpec autoscaling,
                                            Map<String, String> annotations) {
        AsyncService service = new AsyncService();
        service.setMetadata(new ObjectMetaBuilder().withNamespace(namespace).withName(name)
                .withUid(UUID.randomUUID().toString()).withAnnotations(new HashMap<>(annotations)).build());
        AsyncServiceSpec spec = new AsyncServiceSpec();
        spec.setInput(input);
        spec.setAutoscaling(autoscaling);
        service.setSpec(spec);
        return service;
    }

    /** The scaler's view of a service on an SQS queue named after it, scaling a Deployment of the same name. */
    public static ScaledService scaled(String namespace, String name, AutoscalingSpec autoscaling) {
        return scaled(namespace, name, autoscaling, Map.of());
    }

    public static ScaledService scaled(String namespace, String name, AutoscalingSpec autoscaling, Map<String, String> annotations) {
        AsyncService service = asyncService(namespace, name, sqsInput("http://127.0.0.1:9324/000000000000/" + name), autoscaling,
                annotations);
        return ScaledService.from(service, name);
    }
}
