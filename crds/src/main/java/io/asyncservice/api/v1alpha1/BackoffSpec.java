package io.asyncservice.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Pattern;

@JsonInclude(JsonInclude.Include.NON_NULL)
public class BackoffSpec {

    @Default("1s")
    @Pattern(Durations.PATTERN)
    @JsonPropertyDescription("The delay before the second attempt; it doubles with each attempt.")
    private String initial = "1s";

    @Default("1m")
    @Pattern(Durations.PATTERN)
    @JsonPropertyDescription("The longest delay between two attempts.")
    private String max = "1m";

    public String getInitial() {
        return initial;
    }

    public void setInitial(String initial) {
        this.initial = initial;
    }

    public String getMax() {
        return max;
    }

    public void setMax(String max) {
        this.max = max;
    }
}
