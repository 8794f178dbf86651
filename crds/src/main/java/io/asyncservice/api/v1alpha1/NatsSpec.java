package io.asyncservice.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import java.util.List;

@JsonInclude(JsonInclude.Include.NON_NULL)
public class NatsSpec {

    @Required
    @Size(min = 1)
    @JsonPropertyDescription("NATS server URLs, e.g. nats://nats.messaging:4222.")
    private List<String> servers;

    @Required
    @JsonPropertyDescription("The JetStream stream.")
    private String stream;

    @JsonPropertyDescription("The durable pull consumer on the stream. Required on the input; created with explicit ack if it does not exist.")
    private String consumer;

    @JsonPropertyDescription("On the input, the filter subject used when the consumer is created. "
            + "On the output and dead letter, the subject published to; it must belong to the stream.")
    private String subject;

    @JsonPropertyDescription("A Secret with any of the keys token, user and password, or creds (a .creds file with JWT and NKey seed).")
    private String credentialsSecret;

    public List<String> getServers() {
        return servers;
    }

    public void setServers(List<String> servers) {
        this.servers = servers;
    }

    public String getStream() {
        return stream;
    }

    public void setStream(String stream) {
        this.stream = stream;
    }

    public String getConsumer() {
        return consumer;
    }

    public void setConsumer(String consumer) {
        this.consumer = consumer;
    }

    public String getSubject() {
        return subject;
    }

    public void setSubject(String subject) {
        this.subject = subject;
    }

    public String getCredentialsSecret() {
        return credentialsSecret;
    }

    public void setCredentialsSecret(String credentialsSecret) {
        this.credentialsSecret = credentialsSecret;
    }
}
