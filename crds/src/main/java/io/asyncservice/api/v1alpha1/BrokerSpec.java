package io.asyncservice.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.ValidationRule;

/** A queue on one broker. Exactly one of the four kinds is set. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(value = "[has(self.sqs), has(self.kafka), has(self.nats), has(self.amqp)].filter(x, x).size() == 1",
        message = "set exactly one broker kind: sqs, kafka, nats or amqp")
public class BrokerSpec {

    @JsonPropertyDescription("An AWS SQS queue, or one on an SQS-compatible server.")
    private SqsSpec sqs;

    @JsonPropertyDescription("A Kafka topic.")
    private KafkaSpec kafka;

    @JsonPropertyDescription("A NATS JetStream stream.")
    private NatsSpec nats;

    @JsonPropertyDescription("An AMQP 0-9-1 (RabbitMQ) queue.")
    private AmqpSpec amqp;

    /** The kind that is set, or null when none is. */
    @JsonIgnore
    public BrokerKind kind() {
        if (sqs != null) {
            return BrokerKind.SQS;
        }
        if (kafka != null) {
            return BrokerKind.KAFKA;
        }
        if (nats != null) {
            return BrokerKind.NATS;
        }
        if (amqp != null) {
            return BrokerKind.AMQP;
        }
        return null;
    }

    /** How many kinds are set; a valid spec has exactly one. */
    @JsonIgnore
    public int kindCount() {
        int n = 0;
        n += sqs != null ? 1 : 0;
        n += kafka != null ? 1 : 0;
        n += nats != null ? 1 : 0;
        n += amqp != null ? 1 : 0;
        return n;
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
