package io.asyncservice.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;

@JsonInclude(JsonInclude.Include.NON_NULL)
public class AmqpSpec {

    /** RabbitMQ's own default {@code consumer_timeout}. */
    public static final String DEFAULT_CONSUMER_TIMEOUT = "30m";

    @Required
    @JsonPropertyDescription("The Secret key that holds the AMQP URI, e.g. amqp://user:password@rabbitmq:5672/vhost.")
    private SecretKeyRef uriSecret;

    @Required
    @JsonPropertyDescription("The queue consumed from. On the output and dead letter, the routing key used when no routingKey is given.")
    private String queue;

    @JsonPropertyDescription("On the output and dead letter, the exchange published to. Defaults to the default exchange.")
    private String exchange;

    @JsonPropertyDescription("On the output and dead letter, the routing key. Defaults to the queue.")
    private String routingKey;

    @Pattern("^https?://.+")
    @JsonPropertyDescription("The RabbitMQ management API, e.g. http://rabbitmq:15672. With it the scaler counts ready plus "
            + "unacknowledged messages; without it, ready messages only. It uses the user and password of the URI.")
    private String managementUrl;

    @Default(DEFAULT_CONSUMER_TIMEOUT)
    @Pattern(Durations.PATTERN)
    @JsonPropertyDescription("On the input: the broker's consumer_timeout, after which RabbitMQ closes the channel of a "
            + "delivery still unacknowledged and requeues it (set in rabbitmq.conf; from RabbitMQ 3.11.15 also per queue, "
            + "x-consumer-timeout). RabbitMQ has no lease to extend, so the AsyncService is refused unless endpoint.timeout "
            + "+ 2m is shorter, and the sidecar gives a message back rather than retry it past this time (its attempts "
            + "go on counting). The sidecar cannot read it from the broker: state what rabbitmqctl eval 'application:get_env(rabbit, consumer_timeout).' prints "
            + "(in milliseconds).")
    private String consumerTimeout = DEFAULT_CONSUMER_TIMEOUT;

    public SecretKeyRef getUriSecret() {
        return uriSecret;
    }

    public void setUriSecret(SecretKeyRef uriSecret) {
        this.uriSecret = uriSecret;
    }

    public String getQueue() {
        return queue;
    }

    public void setQueue(String queue) {
        this.queue = queue;
    }

    public String getExchange() {
        return exchange;
    }

    public void setExchange(String exchange) {
        this.exchange = exchange;
    }

    public String getRoutingKey() {
        return routingKey;
    }

    public void setRoutingKey(String routingKey) {
        this.routingKey = routingKey;
    }

    public String getManagementUrl() {
        return managementUrl;
    }

    public void setManagementUrl(String managementUrl) {
        this.managementUrl = managementUrl;
    }

    public String getConsumerTimeout() {
        return consumerTimeout;
    }

    public void setConsumerTimeout(String consumerTimeout) {
        this.consumerTimeout = consumerTimeout;
    }
}
