package io.asyncservice.operator.scaling.e2e;

import io.asyncservice.api.v1alpha1.AsyncService;
import io.asyncservice.api.v1alpha1.AsyncServiceSpec;
import io.asyncservice.api.v1alpha1.AutoscalingSpec;
import io.asyncservice.api.v1alpha1.BrokerSpec;
import io.asyncservice.api.v1alpha1.EndpointSpec;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.PodTemplateSpecBuilder;
import java.util.function.Consumer;

/** Valid autoscaled AsyncServices for the end-to-end tests, with fast timings. */
final class ScalerFixtures {

    private ScalerFixtures() {
    }

    /** target 10 per replica, min 0, max 10, polling 500ms, cooldown 2s, stabilization 1s. */
    static AutoscalingSpec fastAutoscaling() {
        AutoscalingSpec a = new AutoscalingSpec();
        a.setMinReplicas(0);
        a.setMaxReplicas(10);
        a.setTargetBacklogPerReplica(10);
        a.setPollingInterval("500ms");
        a.setCooldownPeriod("2s");
        a.setScaleDownStabilization("1s");
        return a;
    }

    static BrokerSpec broker(Consumer<BrokerSpec> kind) {
        BrokerSpec b = new BrokerSpec();
        kind.accept(b);
        return b;
    }

    static AsyncService asyncService(String ns, String name, BrokerSpec input, BrokerSpec output) {
        AsyncService asvc = new AsyncService();
        asvc.setMetadata(new ObjectMetaBuilder().withNamespace(ns).withName(name).build());
        AsyncServiceSpec spec = new AsyncServiceSpec();
        spec.setTemplate(new PodTemplateSpecBuilder()
                .withNewSpec()
                .addNewContainer().withName("app").withImage("ghcr.io/acme/worker:1.0")
                .addNewPort().withContainerPort(8000).endPort().endContainer()
                .endSpec()
                .build());
        EndpointSpec endpoint = new EndpointSpec();
        endpoint.setPort(8000);
        endpoint.setPath("/work");
        spec.setEndpoint(endpoint);
        spec.setInput(input);
        spec.setOutput(output);
        spec.setAutoscaling(fastAutoscaling());
        asvc.setSpec(spec);
        return asvc;
    }
}
