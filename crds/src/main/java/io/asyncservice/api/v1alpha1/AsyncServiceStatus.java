package io.asyncservice.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.model.annotation.LabelSelector;
import io.fabric8.kubernetes.model.annotation.StatusReplicas;
import java.util.ArrayList;
import java.util.List;

@JsonInclude(JsonInclude.Include.NON_NULL)
public class AsyncServiceStatus {

    @JsonPropertyDescription("The generation the operator last acted on.")
    private Long observedGeneration;

    @StatusReplicas
    @JsonPropertyDescription("The Deployment's replicas.")
    private Integer replicas;

    @JsonPropertyDescription("The Deployment's ready replicas.")
    private Integer readyReplicas;

    @JsonPropertyDescription("The replicas the scaler wants.")
    private Integer desiredReplicas;

    @JsonPropertyDescription("The backlog at the last successful read.")
    private Long backlog;

    @JsonPropertyDescription("When the scaler last changed the replicas (RFC 3339).")
    private String lastScaleTime;

    @LabelSelector
    @JsonPropertyDescription("The label selector of the pods, for the scale subresource.")
    private String selector;

    @JsonPropertyDescription("Ready, Valid, BacklogAvailable.")
    private List<Condition> conditions = new ArrayList<>();

    public Long getObservedGeneration() {
        return observedGeneration;
    }

    public void setObservedGeneration(Long observedGeneration) {
        this.observedGeneration = observedGeneration;
    }

    public Integer getReplicas() {
        return replicas;
    }

    public void setReplicas(Integer replicas) {
        this.replicas = replicas;
    }

    public Integer getReadyReplicas() {
        return readyReplicas;
    }

    public void setReadyReplicas(Integer readyReplicas) {
        this.readyReplicas = readyReplicas;
    }

    public Integer getDesiredReplicas() {
        return desiredReplicas;
    }

    public void setDesiredReplicas(Integer desiredReplicas) {
        this.desiredReplicas = desiredReplicas;
    }

    public Long getBacklog() {
        return backlog;
    }

    public void setBacklog(Long backlog) {
        this.backlog = backlog;
    }

    public String getLastScaleTime() {
        return lastScaleTime;
    }

    public void setLastScaleTime(String lastScaleTime) {
        this.lastScaleTime = lastScaleTime;
    }

    public String getSelector() {
        return selector;
    }

    public void setSelector(String selector) {
        this.selector = selector;
    }

    public List<Condition> getConditions() {
        return conditions;
    }

    public void setConditions(List<Condition> conditions) {
        this.conditions = conditions;
    }
}
