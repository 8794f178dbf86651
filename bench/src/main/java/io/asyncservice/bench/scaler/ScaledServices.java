package io.asyncservice.bench.scaler;

import io.asyncservice.api.v1alpha1.AsyncService;
import io.asyncservice.api.v1alpha1.AsyncServiceSpec;
import io.asyncservice.api.v1alpha1.AutoscalingSpec;
import io.asyncservice.api.v1alpha1.BrokerSpec;
import io.asyncservice.api.v1alpha1.EndpointSpec;
import io.asyncservice.api.v1alpha1.SqsIdentityOwner;
import io.asyncservice.api.v1alpha1.SqsSpec;
import io.asyncservice.testing.EmbeddedSqs;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.PodTemplateSpecBuilder;

/**
 * The AsyncServices of the scaler benchmark: an SQS input on ElasticMQ and autoscaling with every default. The scaler
 * reads the backlogs as the operator's own AWS identity ({@code identityOwner: operator}), as on a platform that scopes
 * that identity on purpose: one shared client, and no Secret per service.
 */
final class ScaledServices {

    private ScaledServices() {
    }

    static String name(int i) {
        return "svc-" + i;
    }

    static AsyncService asyncService(String namespace, String name, String queueUrl, String sqsEndpoint) {
        SqsSpec sqs = new SqsSpec();
        sqs.setQueueUrl(queueUrl);
        sqs.setEndpoint(sqsEndpoint);
        sqs.setRegion(EmbeddedSqs.REGION);
        sqs.setIdentityOwner(SqsIdentityOwner.OPERATOR);
        BrokerSpec input = new BrokerSpec();
        input.setSqs(sqs);
        EndpointSpec endpoint = new EndpointSpec();
        endpoint.setPort(8000);
        endpoint.setPath("/work");
        AsyncServiceSpec spec = new AsyncServiceSpec();
        spec.setTemplate(new PodTemplateSpecBuilder().withNewSpec()
                .addNewContainer().withName("app").withImage("ghcr.io/acme/worker:1.0")
                .addNewPort().withContainerPort(8000).endPort().endContainer()
                .endSpec().build());
        spec.setEndpoint(endpoint);
        spec.setInput(input);
        spec.setAutoscaling(new AutoscalingSpec());
        AsyncService asvc = new AsyncService();
        asvc.setMetadata(new ObjectMetaBuilder().withNamespace(namespace).withName(name).build());
        asvc.setSpec(spec);
        return asvc;
    }

    /** The default pollingInterval in seconds ("5s" today). */
    static double defaultPollingSeconds() {
        String p = new AutoscalingSpec().getPollingInterval();
        if (!p.matches("\\d+s")) {
            throw new IllegalStateException("unexpected default pollingInterval " + p);
        }
        return Double.parseDouble(p.substring(0, p.length() - 1));
    }
}
