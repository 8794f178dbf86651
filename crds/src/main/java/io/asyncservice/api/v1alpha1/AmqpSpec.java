package io.asyncservice.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;

@JsonInclude(JsonInclude.Include.NON_NULL)
public class AmqpSpec {

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
}
