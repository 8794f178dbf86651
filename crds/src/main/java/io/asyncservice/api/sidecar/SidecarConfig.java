package io.asyncservice.api.sidecar;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.asyncservice.api.v1alpha1.BrokerSpec;
import io.asyncservice.api.v1alpha1.DeliverySpec;
import io.asyncservice.api.v1alpha1.EndpointSpec;

/**
 * What the operator tells the sidecar, as JSON in the {@link SidecarContract#CONFIG_ENV} variable.
 * It reuses the API types so that both sides read the same fields. It never holds a secret value:
 * secrets arrive as the environment variables and files that {@link SidecarContract} names.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class SidecarConfig {

    private String namespace;
    private String name;
    private Integer port;
    private EndpointSpec endpoint;
    private BrokerSpec input;
    private BrokerSpec output;
    private BrokerSpec deadLetter;
    private DeliverySpec delivery;

    public String getNamespace() {
        return namespace;
    }

    public void setNamespace(String namespace) {
        this.namespace = namespace;
    }

    public String getName() {
        return name;
    }

    public void setName(String name) {
        this.name = name;
    }

    /** The sidecar's own port, for health, metrics and drain. */
    public Integer getPort() {
        return port;
    }

    public void setPort(Integer port) {
        this.port = port;
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
}
