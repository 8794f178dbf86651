package io.asyncservice.sidecar.kafka;

import static io.asyncservice.sidecar.kafka.KafkaTestSupport.kafka;
import static io.asyncservice.sidecar.kafka.KafkaTestSupport.output;
import static io.asyncservice.sidecar.kafka.KafkaTestSupport.readAll;
import static io.asyncservice.sidecar.kafka.KafkaTestSupport.text;
import static io.asyncservice.sidecar.kafka.KafkaTestSupport.utf8;
import static org.assertj.core.api.Assertions.assertThat;

import io.asyncservice.api.sidecar.QueueRole;
import io.asyncservice.sidecar.broker.MessageSink;
import io.asyncservice.sidecar.broker.OutboundMessage;
import io.asyncservice.sidecar.broker.PublishRefusedException;
import io.asyncservice.sidecar.broker.PublishRefusedException.Reason;
import io.asyncservice.sidecar.testing.BrokerFixture;
import io.asyncservice.sidecar.testing.TestingSecrets;
import io.asyncservice.testing.UniqueNames;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.InvalidTopicException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The Kafka sink against a real KRaft broker. */
class KafkaSinkIT {

    private final String topic = UniqueNames.of("it-out");
    private final String deadLetters = UniqueNames.of("it-dlq");
    private final List<MessageSink> sinks = new ArrayList<>();

    @AfterEach
    void cleanUp() {
        sinks.forEach(MessageSink::close);
        kafka().deleteTopic(topic);
        kafka().deleteTopic(deadLetters);
    }

    private MessageSink open(KafkaConnector connector, String topicName, QueueRole role, TestingSecrets secrets) {
        MessageSink sink = connector.openSink(output(topicName), role, secrets);
        sinks.add(sink);
        return sink;
    }

    private static OutboundMessage message(String requestId, String body) {
        return new OutboundMessage(requestId, utf8(body), "application/json",
                Map.of("traceparent", "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"));
    }

    @Test
    void aPublishedMessageIsStoredKeyedByItsRequestIdWithItsHeaders() throws Exception {
        kafka().createTopic(topic, 3);
        MessageSink sink = open(new KafkaConnector(), topic, QueueRole.OUTPUT, TestingSecrets.none());

        List<CompletableFuture<Void>> sent = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            sent.add(sink.publish(message("req-" + i, "{\"n\":" + i + "}")).toCompletableFuture());
        }
        CompletableFuture.allOf(sent.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);
        assertThat(sink.isConnected()).isTrue();

        List<ConsumerRecord<byte[], byte[]>> records = readAll(topic, 20, Duration.ofSeconds(20));
        assertThat(records).hasSize(20);
        for (ConsumerRecord<byte[], byte[]> r : records) {
            String requestId = text(r.key());
            Map<String, String> headers = KafkaRecords.headers(r.headers());
            assertThat(headers).containsEntry("x-request-id", requestId)
                    .containsEntry("content-type", "application/json")
                    .containsEntry("traceparent", "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01");
            assertThat(text(r.value())).isEqualTo("{\"n\":" + requestId.substring(4) + "}");
        }
        assertThat(records).extracting(r -> text(r.key())).doesNotHaveDuplicates();
    }

    @Test
    void anOutputAndADeadLetterOnOneClusterShareOneProducerUntilBothClose() throws Exception {
        kafka().createTopic(topic, 1);
        kafka().createTopic(deadLetters, 1);
        KafkaConnector connector = new KafkaConnector();
        MessageSink out = open(connector, topic, QueueRole.OUTPUT, TestingSecrets.none());
        MessageSink dlq = open(connector, deadLetters, QueueRole.DEAD_LETTER, TestingSecrets.none());
        assertThat(connector.openProducers()).isEqualTo(1);
        assertThat(((KafkaSink) out).lease().producer()).isSameAs(((KafkaSink) dlq).lease().producer());

        out.publish(message("a", "{}")).toCompletableFuture().get(30, TimeUnit.SECONDS);
        out.close();
        dlq.publish(message("b", "{}")).toCompletableFuture().get(30, TimeUnit.SECONDS);
        assertThat(connector.openProducers()).as("the dead letter still holds the producer").isEqualTo(1);
        assertThat(out.publish(message("c", "{}")).toCompletableFuture()).isCompletedExceptionally();
        dlq.close();
        assertThat(connector.openProducers()).isZero();

        assertThat(readAll(topic, 1, Duration.ofSeconds(10))).extracting(r -> text(r.key())).containsExactly("a");
        assertThat(readAll(deadLetters, 1, Duration.ofSeconds(10))).extracting(r -> text(r.key())).containsExactly("b");
    }

    @Test
    void differentCredentialsGetTheirOwnProducer() {
        KafkaConnector connector = new KafkaConnector();
        open(connector, topic, QueueRole.OUTPUT, TestingSecrets.none());
        open(connector, deadLetters, QueueRole.DEAD_LETTER,
                TestingSecrets.kafka(QueueRole.DEAD_LETTER, Map.of("client.id", "dead-letters")));
        assertThat(connector.openProducers()).isEqualTo(2);
    }

    @Test
    void publishingToATopicThatDoesNotExistFailsInsteadOfHanging() {
        MessageSink sink = open(new KafkaConnector(), UniqueNames.of("it-missing"), QueueRole.OUTPUT,
                TestingSecrets.kafka(QueueRole.OUTPUT, Map.of("max.block.ms", "1500")));

        CompletableFuture<Void> sent = sink.publish(message("x", "{}")).toCompletableFuture();

        assertThat(sent).failsWithin(Duration.ofSeconds(30)).withThrowableOfType(ExecutionException.class)
                .withMessageContaining("not present in metadata")
                .satisfies(e -> assertThat(PublishRefusedException.in(e)).as("the topic may yet be created").isNull());
        assertThat(sink.isConnected()).isFalse();
    }

    @Test
    void aRecordOverTheTopicsMaxMessageBytesIsRefusedAsTooLargeAndTheOthersAreStored() throws Exception {
        createTopic(topic, Map.of(TopicConfig.MAX_MESSAGE_BYTES_CONFIG, "32768"));
        MessageSink sink = open(new KafkaConnector(), topic, QueueRole.OUTPUT, TestingSecrets.none());

        CompletableFuture<Void> small = sink.publish(message("small", "{}")).toCompletableFuture();
        CompletableFuture<Void> big = sink.publish(message("big", "x".repeat(64 * 1024))).toCompletableFuture();
        CompletableFuture<Void> after = sink.publish(message("after", "{}")).toCompletableFuture();

        PublishRefusedException refused = refusalOf(big);
        assertThat(refused.reason()).isEqualTo(Reason.TOO_LARGE);
        assertThat(refused.getMessage()).contains("big").contains(topic).contains("max.message.bytes");
        assertThat(refused.getCause()).isInstanceOf(RecordTooLargeException.class);
        small.get(30, TimeUnit.SECONDS);
        after.get(30, TimeUnit.SECONDS);
        sink.publish(message("later", "{}")).toCompletableFuture().get(30, TimeUnit.SECONDS);
        assertThat(readAll(topic, 3, Duration.ofSeconds(10))).extracting(r -> text(r.key()))
                .containsExactlyInAnyOrder("small", "after", "later");
        assertThat(sink.isConnected()).isTrue();
    }

    @Test
    void aRecordOverTheProducersMaxRequestSizeIsRefusedAsTooLargeWhenSent() throws Exception {
        kafka().createTopic(topic, 1);
        MessageSink sink = open(new KafkaConnector(), topic, QueueRole.OUTPUT, TestingSecrets.none());

        PublishRefusedException refused = refusalOf(sink.publish(message("huge", "x".repeat(2 * 1024 * 1024)))
                .toCompletableFuture());

        assertThat(refused.reason()).isEqualTo(Reason.TOO_LARGE);
        assertThat(refused.getMessage()).contains("huge").contains(topic).contains("max.request.size");
        sink.publish(message("after", "{}")).toCompletableFuture().get(30, TimeUnit.SECONDS);
        assertThat(sink.isConnected()).isTrue();
    }

    @Test
    void aTopicNameKafkaDoesNotAllowIsRefused() {
        MessageSink sink = open(new KafkaConnector(), "not a topic!", QueueRole.OUTPUT, TestingSecrets.none());

        PublishRefusedException refused = refusalOf(sink.publish(message("r", "{}")).toCompletableFuture());

        assertThat(refused.reason()).isEqualTo(Reason.REFUSED);
        assertThat(refused.getCause()).isInstanceOf(InvalidTopicException.class);
    }

    @Test
    void aRecordWithoutKeyOnACompactedTopicIsRefused() throws Exception {
        createTopic(topic, Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT));
        MessageSink sink = open(new KafkaConnector(), topic, QueueRole.OUTPUT, TestingSecrets.none());

        PublishRefusedException refused = refusalOf(sink.publish(new OutboundMessage(null, utf8("{}"), "application/json",
                Map.of())).toCompletableFuture());

        assertThat(refused.reason()).isEqualTo(Reason.REFUSED);
        assertThat(refused.getMessage()).contains("without key");
        sink.publish(message("keyed", "{}")).toCompletableFuture().get(30, TimeUnit.SECONDS);
    }

    @Test
    void aMissingAuthorizationIsRefused() {
        // The embedded broker has no authorizer; the producer reports a denied topic as below.
        MockProducer<byte[], byte[]> producer = new MockProducer<>(false, null, new ByteArraySerializer(), new ByteArraySerializer());
        MessageSink sink = new KafkaSink(topic, new SharedProducers(props -> producer)
                .acquire(new SharedProducers.Key("mock:9092", Map.of()), new Properties()));
        sinks.add(sink);

        CompletableFuture<Void> sent = sink.publish(message("r", "{}")).toCompletableFuture();
        producer.errorNext(new TopicAuthorizationException(Set.of(topic)));

        PublishRefusedException refused = refusalOf(sent);
        assertThat(refused.reason()).isEqualTo(Reason.REFUSED);
        assertThat(refused.getMessage()).contains(topic).contains("Not authorized");
        assertThat(sink.isConnected()).isTrue();
    }

    @Test
    void theFixturesOutputLimitRefusesLargerRecordsOnTheOutputOnly() throws Exception {
        BrokerFixture.LimitedQueues limited = new KafkaFixture()
                .createQueuesWithOutputLimit(Duration.ofSeconds(5), KafkaFixture.MIN_OUTPUT_LIMIT).orElseThrow();
        try (BrokerFixture.Queues queues = limited.queues()) {
            KafkaConnector connector = new KafkaConnector();
            MessageSink output = connector.openSink(queues.output(), QueueRole.OUTPUT, TestingSecrets.none());
            MessageSink deadLetter = connector.openSink(queues.deadLetter(), QueueRole.DEAD_LETTER, TestingSecrets.none());
            String big = "x".repeat(2 * limited.outputLimitBytes());
            try {
                assertThat(refusalOf(output.publish(message("big", big)).toCompletableFuture()).reason())
                        .isEqualTo(Reason.TOO_LARGE);
                output.publish(message("small", "{}")).toCompletableFuture().get(30, TimeUnit.SECONDS);
                deadLetter.publish(message("big", big)).toCompletableFuture().get(30, TimeUnit.SECONDS);
            } finally {
                output.close();
                deadLetter.close();
            }
            assertThat(queues.takeOutputs(Duration.ofSeconds(10))).extracting(BrokerFixture.ReceivedMessage::requestId)
                    .containsExactly("small");
            assertThat(queues.takeDeadLetters(Duration.ofSeconds(10))).extracting(BrokerFixture.ReceivedMessage::requestId)
                    .containsExactly("big");
        }
    }

    private static void createTopic(String name, Map<String, String> configs) throws Exception {
        kafka().admin().createTopics(List.of(new NewTopic(name, 1, (short) 1).configs(configs))).all().get(30, TimeUnit.SECONDS);
    }

    private static PublishRefusedException refusalOf(CompletableFuture<Void> publish) {
        assertThat(publish).failsWithin(Duration.ofSeconds(30)).withThrowableOfType(ExecutionException.class);
        PublishRefusedException refused = PublishRefusedException.in(publish.handle((ok, e) -> e).join());
        assertThat(refused).as("a PublishRefusedException").isNotNull();
        return refused;
    }
}
