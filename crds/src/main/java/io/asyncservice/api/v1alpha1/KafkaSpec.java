package io.asyncservice.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Required;

@JsonInclude(JsonInclude.Include.NON_NULL)
public class KafkaSpec {

    @Required
    @JsonPropertyDescription("Comma-separated host:port pairs of the bootstrap brokers.")
    private String bootstrapServers;

    @Required
    @JsonPropertyDescription("The topic to consume from or produce to.")
    private String topic;

    @JsonPropertyDescription("The consumer group the sidecars share. Required on the input.")
    private String consumerGroup;

    @Default("partition")
    @JsonPropertyDescription("partition: one message at a time per partition, in order. "
            + "unordered: parallel within a partition; only the highest contiguous completed offset is committed.")
    private KafkaOrdering ordering = KafkaOrdering.PARTITION;

    @JsonPropertyDescription("A Secret whose keys are Kafka client properties (security.protocol, sasl.mechanism, "
            + "sasl.jaas.config, ssl.truststore.certificates, ...). It is mounted into the sidecar, never copied into its configuration.")
    private String credentialsSecret;

    public String getBootstrapServers() {
        return bootstrapServers;
    }

    public void setBootstrapServers(String bootstrapServers) {
        this.bootstrapServers = bootstrapServers;
    }

    public String getTopic() {
        return topic;
    }

    public void setTopic(String topic) {
        this.topic = topic;
    }

    public String getConsumerGroup() {
        return consumerGroup;
    }

    public void setConsumerGroup(String consumerGroup) {
        this.consumerGroup = consumerGroup;
    }

    public KafkaOrdering getOrdering() {
        return ordering;
    }

    public void setOrdering(KafkaOrdering ordering) {
        this.ordering = ordering;
    }

    public String getCredentialsSecret() {
        return credentialsSecret;
    }

    public void setCredentialsSecret(String credentialsSecret) {
        this.credentialsSecret = credentialsSecret;
    }
}
