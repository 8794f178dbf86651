package io.asyncservice.sandbox.broker;

import java.time.Duration;
import io.asyncservice.api.v1alpha1.BrokerKind;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * A real broker for the sandbox, with the three queues of one AsyncService (input, output, dead letter): it creates
 * them, tells the example template where they are, sends test messages and reads results back. One implementation
 * per broker kind.
 */
public interface SandboxBroker extends AutoCloseable {

    /** {@code sqs}, {@code kafka}, {@code nats} or {@code amqp}: also the example template's name. */
    String kind();

    /**
     * Creates the queues (topics, streams) of the AsyncService {@code name} and returns the example template's
     * values that point at them, e.g. {@code INPUT_URL}.
     */
    Map<String, String> provision(String name);

    /** Sends each body to the input with its request id as the broker's id attribute or header. */
    void send(String name, Map<String, String> bodiesByRequestId);

    /** What arrived on the output and dead-letter queues since the last call, waiting up to {@code wait}. */
    List<BrokerMessage> receive(String name, Duration wait);

    /** Deletes what {@link #provision} created. */
    void deprovision(String name);

    /** Stops and starts the broker, keeping its data; only where the sandbox owns the broker. */
    default void restart() {
        throw new UnsupportedOperationException(kind() + " cannot be restarted by the sandbox");
    }

    @Override
    void close();

    static BrokerMessage parse(String body, boolean deadLetter) {
        com.fasterxml.jackson.databind.JsonNode json;
        try {
            json = new com.fasterxml.jackson.databind.ObjectMapper().readTree(body);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            return new BrokerMessage(null, deadLetter ? BrokerMessage.DEAD_LETTER : "UNREADABLE", -1, body);
        }
        String requestId = json.path("request_id").isTextual() ? json.get("request_id").asText()
                : json.path("requestId").asText(null);
        int code = json.path("status_code").canConvertToInt() ? json.get("status_code").asInt()
                : json.path("response_status").asInt(-1);
        return new BrokerMessage(requestId, deadLetter ? BrokerMessage.DEAD_LETTER : json.path("status").asText(""),
                code, body);
    }

    /** The template values every broker shares. */
    static Map<String, String> common(String name) {
        return Map.of("NAME", name);
    }

    /** The broker for {@code kind}: sqs (embedded ElasticMQ), kafka (embedded KRaft), nats or amqp (this machine's). */
    static SandboxBroker start(String kind) {
        // The sandbox's one registry of broker kinds: a new kind does not compile until it has a case here.
        return switch (BrokerKind.ofField(kind)) {
            case SQS -> SqsSandboxBroker.start();
            case KAFKA -> KafkaSandboxBroker.start();
            case NATS -> NatsSandboxBroker.start();
            case AMQP -> AmqpSandboxBroker.start();
        };
    }

    static List<String> kinds() {
        return Arrays.stream(BrokerKind.values()).map(BrokerKind::fieldName).toList();
    }
}
