package io.asyncservice.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonProperty;

public enum KafkaOrdering {
    @JsonProperty("partition")
    PARTITION,
    @JsonProperty("unordered")
    UNORDERED
}
