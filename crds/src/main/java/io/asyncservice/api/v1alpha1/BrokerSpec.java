package io.asyncservice.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.Arrays;

/** A queue on one broker. Exactly one kind is set; {@link BrokerKind} lists them, with their descriptors. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(value = BrokerKind.EXACTLY_ONE_RULE, message = "set exactly one broker kind: " + BrokerKind.ONE_OF)
public class BrokerSpec {

    @JsonPropertyDescription("An AWS SQS queue, or one on an SQS-compatible server.")
    private SqsSpec sqs;

    @JsonPropertyDescription("A Kafka topic.")
    private KafkaSpec kafka;

    @JsonPropertyDescription("A NATS JetStream stream.")
    private NatsSpec nats;

    @JsonPropertyDescription("An AMQP 0-9-1 (RabbitMQ) queue.")
    private AmqpSpec amqp;

    /** The kind that is set (the first in {@link BrokerKind}'s order when several are), or null when none is. */
    @JsonIgnore
    public BrokerKind kind() {
        return Arrays.stream(BrokerKind.values()).filter(k -> k.isSetOn(this)).findFirst().orElse(null);
    }

    /** How many kinds are set; a valid spec has exactly one. */
    @JsonIgnore
    public int kindCount() {
        return (int) Arrays.stream(BrokerKind.values()).filter(k -> k.isSetOn(this)).count();
    }

    public SqsSpec getSqs() {
        return sqs;
    }

    public void setSqs(SqsSpec sqs) {
        this.sqs = sqs;
    }

    public KafkaSpec getKafka() {
        return kafka;
    }

    public void setKafka(KafkaSpec kafka) {
        this.kafka = kafka;
    }

    public NatsSpec getNats() {
        return nats;
    }

    public void setNats(NatsSpec nats) {
        this.nats = nats;
    }

    public AmqpSpec getAmqp() {
        return amqp;
    }

    public void setAmqp(AmqpSpec amqp) {
        this.amqp = amqp;
    }
}
