package io.asyncservice.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.crd.generator.annotation.PreserveUnknownFields;
import io.fabric8.crd.generator.annotation.SchemaFrom;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.ValidationRule;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.model.annotation.SpecReplicas;

@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(value = "!(has(self.replicas) && has(self.autoscaling))",
        message = "set either replicas or autoscaling, not both: with autoscaling the scaler owns the replica count")
@ValidationRule(value = "!has(self.input) || !has(self.input.kafka) || has(self.input.kafka.consumerGroup)",
        message = "input.kafka.consumerGroup is required: the sidecars of one AsyncService share one consumer group")
@ValidationRule(value = "!has(self.input) || !has(self.input.kafka) || has(self.output) || has(self.deadLetter)",
        message = "a Kafka input needs an output or a deadLetter: Kafka has no dead-letter policy of its own, so failed messages need somewhere to go")
@ValidationRule(value = "!has(self.input) || !has(self.input.nats) || has(self.input.nats.consumer)",
        message = "input.nats.consumer is required: the durable JetStream consumer the sidecars pull from")
@ValidationRule(value = "!has(self.output) || !has(self.output.nats) || has(self.output.nats.subject)",
        message = "output.nats.subject is required: the subject the sidecar publishes results to")
@ValidationRule(value = "!has(self.deadLetter) || !has(self.deadLetter.nats) || has(self.deadLetter.nats.subject)",
        message = "deadLetter.nats.subject is required: the subject the sidecar publishes failed messages to")
@ValidationRule(value = "!has(self.output) || !has(self.output.sqs) || !has(self.output.sqs.identityOwner)",
        message = "output.sqs.identityOwner is for the input only: the scaler reads only the input's backlog, "
                + "and the sidecar always uses the pod's own credentials")
@ValidationRule(value = "!has(self.deadLetter) || !has(self.deadLetter.sqs) || !has(self.deadLetter.sqs.identityOwner)",
        message = "deadLetter.sqs.identityOwner is for the input only: the scaler reads only the input's backlog, "
                + "and the sidecar always uses the pod's own credentials")
public class AsyncServiceSpec {

    @Required
    @PreserveUnknownFields
    @SchemaFrom(type = TemplateSchema.class)
    @JsonPropertyDescription("The pod template: the user's containers, volumes, resources, nodeSelector, tolerations and so on. "
            + "It is kept as written; the operator only appends the sidecar and adds a preStop hook to the endpoint container.")
    private PodTemplateSpec template;

    @Required
    @JsonPropertyDescription("Where the sidecar POSTs each message.")
    private EndpointSpec endpoint;

    @Required
    @JsonPropertyDescription("The queue the work comes from. Exactly one broker kind.")
    private BrokerSpec input;

    @JsonPropertyDescription("Where each response is written, one message per input. Optional.")
    private BrokerSpec output;

    @JsonPropertyDescription("Where messages go that failed permanently or ran out of attempts. "
            + "Without it they go to the output as FAILED, or back to the broker's own dead-letter policy.")
    private BrokerSpec deadLetter;

    @JsonPropertyDescription("How messages are delivered to the app: concurrency, attempts, backoff, message format.")
    private DeliverySpec delivery = new DeliverySpec();

    @JsonPropertyDescription("Backlog-driven replicas. Mutually exclusive with replicas.")
    private AutoscalingSpec autoscaling;

    @Min(0)
    @SpecReplicas
    @JsonPropertyDescription("A fixed replica count, only without autoscaling (default 1). Served by the scale subresource.")
    private Integer replicas;

    @JsonPropertyDescription("Overrides for the injected sidecar.")
    private SidecarSpec sidecar = new SidecarSpec();

    public PodTemplateSpec getTemplate() {
        return template;
    }

    public void setTemplate(PodTemplateSpec template) {
        this.template = template;
    }

    public EndpointSpec getEndpoint() {
        return endpoint;
    }

    public void setEndpoint(EndpointSpec endpoint) {
        this.endpoint = endpoint;
    }

    public BrokerSpec getInput() {
        return input;
    }

    public void setInput(BrokerSpec input) {
        this.input = input;
    }

    public BrokerSpec getOutput() {
        return output;
    }

    public void setOutput(BrokerSpec output) {
        this.output = output;
    }

    public BrokerSpec getDeadLetter() {
        return deadLetter;
    }

    public void setDeadLetter(BrokerSpec deadLetter) {
        this.deadLetter = deadLetter;
    }

    public DeliverySpec getDelivery() {
        return delivery;
    }

    public void setDelivery(DeliverySpec delivery) {
        this.delivery = delivery;
    }

    public AutoscalingSpec getAutoscaling() {
        return autoscaling;
    }

    public void setAutoscaling(AutoscalingSpec autoscaling) {
        this.autoscaling = autoscaling;
    }

    public Integer getReplicas() {
        return replicas;
    }

    public void setReplicas(Integer replicas) {
        this.replicas = replicas;
    }

    public SidecarSpec getSidecar() {
        return sidecar;
    }

    public void setSidecar(SidecarSpec sidecar) {
        this.sidecar = sidecar;
    }

    /** The schema of {@code template}: an object whose fields the API server keeps as written. */
    static final class TemplateSchema {
    }
}
