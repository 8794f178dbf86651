package io.asyncservice.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.ValidationRule;

@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(value = "(has(self.minReplicas) ? self.minReplicas : 0) <= (has(self.maxReplicas) ? self.maxReplicas : 10)",
        message = "minReplicas must not be greater than maxReplicas")
@ValidationRule(value = "!has(self.fallbackReplicas) || self.fallbackReplicas <= (has(self.maxReplicas) ? self.maxReplicas : 10)",
        message = "fallbackReplicas must not be greater than maxReplicas")
@ValidationRule(value = "!(has(self.targetBacklogPerReplica) && has(self.targetDrainTime))",
        message = AutoscalingSpec.ONE_TARGET)
public class AutoscalingSpec {

    public static final int DEFAULT_MAX_REPLICAS = 10;

    /**
     * The backlog per replica when targetBacklogPerReplica is not set: the target itself without targetDrainTime, and
     * the fallback with it until a completion rate is measured. Not a schema default, so that the schema can tell
     * "not set" from 10 and refuse both targets at once.
     */
    public static final int DEFAULT_TARGET_BACKLOG_PER_REPLICA = 10;

    /** The message of the rule that takes one target only, from the API server and from the operator alike. */
    public static final String ONE_TARGET = "set either targetBacklogPerReplica or targetDrainTime, not both";

    @Default("0")
    @Min(0)
    @JsonPropertyDescription("The fewest replicas. 0 lets the service scale to zero when the queue is idle.")
    private Integer minReplicas = 0;

    @Default("10")
    @Min(1)
    @JsonPropertyDescription("The most replicas.")
    private Integer maxReplicas = DEFAULT_MAX_REPLICAS;

    @Min(1)
    @JsonPropertyDescription("The backlog one replica is expected to handle: desired = ceil(backlog / targetBacklogPerReplica)."
            + " 10 when neither this nor targetDrainTime is set. Set one of the two, not both.")
    private Integer targetBacklogPerReplica;

    @Pattern(Durations.PATTERN)
    @JsonPropertyDescription("Instead of targetBacklogPerReplica: how long the backlog may take to drain. desired ="
            + " ceil(backlog / (completions per second per replica * targetDrainTime)), with the rate measured from the"
            + " sidecars' success counters over drainRateWindow; until a rate is measured, 10 per replica.")
    private String targetDrainTime;

    @Default("2m")
    @Pattern(Durations.PATTERN)
    @JsonPropertyDescription("With targetDrainTime: the window of the moving average of completions per replica.")
    private String drainRateWindow = "2m";

    @Default("0")
    @Min(0)
    @JsonPropertyDescription("The backlog above which a service at zero replicas is woken up.")
    private Integer activationBacklog = 0;

    @Default("5s")
    @Pattern(Durations.PATTERN)
    @JsonPropertyDescription("How often the backlog is read.")
    private String pollingInterval = "5s";

    @Default("5m")
    @Pattern(Durations.PATTERN)
    @JsonPropertyDescription("How long the backlog must stay at or under activationBacklog before scaling to zero.")
    private String cooldownPeriod = "5m";

    @Default("1m")
    @Pattern(Durations.PATTERN)
    @JsonPropertyDescription("Scale-down uses the highest desired count seen within this window, so replicas never flap.")
    private String scaleDownStabilization = "1m";

    @Min(0)
    @JsonPropertyDescription("The replicas to run after repeated failures to read the backlog. Without it the current count is kept.")
    private Integer fallbackReplicas;

    public Integer getMinReplicas() {
        return minReplicas;
    }

    public void setMinReplicas(Integer minReplicas) {
        this.minReplicas = minReplicas;
    }

    public Integer getMaxReplicas() {
        return maxReplicas;
    }

    public void setMaxReplicas(Integer maxReplicas) {
        this.maxReplicas = maxReplicas;
    }

    public Integer getTargetBacklogPerReplica() {
        return targetBacklogPerReplica;
    }

    public void setTargetBacklogPerReplica(Integer targetBacklogPerReplica) {
        this.targetBacklogPerReplica = targetBacklogPerReplica;
    }

    public String getTargetDrainTime() {
        return targetDrainTime;
    }

    public void setTargetDrainTime(String targetDrainTime) {
        this.targetDrainTime = targetDrainTime;
    }

    public String getDrainRateWindow() {
        return drainRateWindow;
    }

    public void setDrainRateWindow(String drainRateWindow) {
        this.drainRateWindow = drainRateWindow;
    }

    public Integer getActivationBacklog() {
        return activationBacklog;
    }

    public void setActivationBacklog(Integer activationBacklog) {
        this.activationBacklog = activationBacklog;
    }

    public String getPollingInterval() {
        return pollingInterval;
    }

    public void setPollingInterval(String pollingInterval) {
        this.pollingInterval = pollingInterval;
    }

    public String getCooldownPeriod() {
        return cooldownPeriod;
    }

    public void setCooldownPeriod(String cooldownPeriod) {
        this.cooldownPeriod = cooldownPeriod;
    }

    public String getScaleDownStabilization() {
        return scaleDownStabilization;
    }

    public void setScaleDownStabilization(String scaleDownStabilization) {
        this.scaleDownStabilization = scaleDownStabilization;
    }

    public Integer getFallbackReplicas() {
        return fallbackReplicas;
    }

    public void setFallbackReplicas(Integer fallbackReplicas) {
        this.fallbackReplicas = fallbackReplicas;
    }
}
