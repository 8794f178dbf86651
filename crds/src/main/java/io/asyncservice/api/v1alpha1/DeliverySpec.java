package io.asyncservice.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;

@JsonInclude(JsonInclude.Include.NON_NULL)
public class DeliverySpec {

    @Default("1")
    @Min(1)
    @Max(1024)
    @JsonPropertyDescription("How many messages one replica has in flight at once.")
    private Integer concurrency = 1;

    @Default("5")
    @Min(1)
    @Max(100)
    @JsonPropertyDescription("Attempts per message, counted across restarts, before it is dead-lettered.")
    private Integer maxAttempts = 5;

    @JsonPropertyDescription("The exponential backoff between attempts, with jitter. A Retry-After header from the app takes precedence.")
    private BackoffSpec backoff = new BackoffSpec();

    @Default("raw")
    @JsonPropertyDescription("raw: the message body is the request body. truefoundry: TrueFoundry's request envelope is "
            + "unwrapped and the output is written in its OutputMessage shape.")
    private MessageFormat format = MessageFormat.RAW;

    public Integer getConcurrency() {
        return concurrency;
    }

    public void setConcurrency(Integer concurrency) {
        this.concurrency = concurrency;
    }

    public Integer getMaxAttempts() {
        return maxAttempts;
    }

    public void setMaxAttempts(Integer maxAttempts) {
        this.maxAttempts = maxAttempts;
    }

    public BackoffSpec getBackoff() {
        return backoff;
    }

    public void setBackoff(BackoffSpec backoff) {
        this.backoff = backoff;
    }

    public MessageFormat getFormat() {
        return format;
    }

    public void setFormat(MessageFormat format) {
        this.format = format;
    }
}
