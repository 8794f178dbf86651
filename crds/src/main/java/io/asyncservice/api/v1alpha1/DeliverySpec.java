package io.asyncservice.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;

@JsonInclude(JsonInclude.Include.NON_NULL)
public class DeliverySpec {

    /** 32 messages and 32 responses at both defaults fit the heap of the default sidecar memory limit (256Mi). */
    public static final String DEFAULT_MAX_MESSAGE_SIZE = "256Ki";
    public static final String DEFAULT_MAX_RESPONSE_SIZE = "256Ki";

    @Default("1")
    @Min(1)
    @Max(1024)
    @JsonPropertyDescription("How many messages one replica has in flight at once.")
    private Integer concurrency = 1;

    @Default("5")
    @Min(1)
    @Max(100)
    @JsonPropertyDescription("Calls to the app per message before it fails for good (dead letter, FAILED output or the "
            + "broker's own policy), counted by the sidecar over the message's deliveries to it.")
    private Integer maxAttempts = 5;

    @JsonPropertyDescription("The exponential backoff between attempts, with jitter. A Retry-After header from the app takes precedence.")
    private BackoffSpec backoff = new BackoffSpec();

    @Default("raw")
    @JsonPropertyDescription("raw: the message body is the request body. truefoundry: TrueFoundry's request envelope is "
            + "unwrapped and the output is written in its OutputMessage shape.")
    private MessageFormat format = MessageFormat.RAW;

    @Default(DEFAULT_MAX_MESSAGE_SIZE)
    @Pattern(ByteSizes.PATTERN)
    @JsonPropertyDescription("The largest message body the sidecar takes, e.g. 256Ki or 1Mi. A larger one is a permanent "
            + "failure, never sent to the app. With the larger limits, raise the sidecar's memory: the sidecar runs fewer "
            + "messages at once when concurrency messages at both limits would not fit its heap.")
    private String maxMessageSize = DEFAULT_MAX_MESSAGE_SIZE;

    @Default(DEFAULT_MAX_RESPONSE_SIZE)
    @Pattern(ByteSizes.PATTERN)
    @JsonPropertyDescription("The largest response body the sidecar keeps. A longer one is not read on: a permanent failure "
            + "whose error names the size and the limit.")
    private String maxResponseSize = DEFAULT_MAX_RESPONSE_SIZE;

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

    public String getMaxMessageSize() {
        return maxMessageSize;
    }

    public void setMaxMessageSize(String maxMessageSize) {
        this.maxMessageSize = maxMessageSize;
    }

    public String getMaxResponseSize() {
        return maxResponseSize;
    }

    public void setMaxResponseSize(String maxResponseSize) {
        this.maxResponseSize = maxResponseSize;
    }
}
