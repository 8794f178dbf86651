package io.asyncservice.testing;

import static org.assertj.core.api.Assertions.assertThat;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.GetResponse;
import io.nats.client.JetStream;
import io.nats.client.JetStreamSubscription;
import io.nats.client.Message;
import io.nats.client.PullSubscribeOptions;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

/** Each fixture reaches a real broker: a message sent is a message received. */
class BrokerFixturesIT {

    @Test
    void sqsRoundTrip() {
        try (EmbeddedSqs sqs = EmbeddedSqs.start()) {
            String url = sqs.createQueue(UniqueNames.of("fixture"));
            sqs.client().sendMessage(b -> b.queueUrl(url).messageBody("hello"));
            var received = sqs.client().receiveMessage(b -> b.queueUrl(url).waitTimeSeconds(2)).messages();
            assertThat(received).extracting(m -> m.body()).containsExactly("hello");
        }
    }

    @Test
    void kafkaRoundTrip() {
        EmbeddedKafka kafka = EmbeddedKafka.shared();
        String topic = UniqueNames.of("fixture");
        kafka.createTopic(topic, 2);
        try (var producer = new KafkaProducer<String, String>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class));
             var consumer = new KafkaConsumer<String, String>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, UniqueNames.of("group"),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class))) {
            producer.send(new ProducerRecord<>(topic, "k", "hello")).get();
            consumer.subscribe(List.of(topic));
            long deadline = System.currentTimeMillis() + 20_000;
            ConsumerRecords<String, String> records = ConsumerRecords.empty();
            while (records.isEmpty() && System.currentTimeMillis() < deadline) {
                records = consumer.poll(Duration.ofMillis(500));
            }
            assertThat(records.iterator().next().value()).isEqualTo("hello");
        } catch (Exception e) {
            throw new AssertionError(e);
        } finally {
            kafka.deleteTopic(topic);
        }
    }

    @Test
    void rabbitMqRoundTrip() throws Exception {
        String queue = UniqueNames.of("fixture");
        try (var connection = LocalRabbitMq.connect(); Channel channel = connection.createChannel()) {
            LocalRabbitMq.declareQueue(channel, queue);
            channel.basicPublish("", queue, null, "hello".getBytes(StandardCharsets.UTF_8));
            GetResponse response = null;
            long deadline = System.currentTimeMillis() + 5_000;
            while (response == null && System.currentTimeMillis() < deadline) {
                response = channel.basicGet(queue, true);
            }
            assertThat(response).isNotNull();
            assertThat(new String(response.getBody(), StandardCharsets.UTF_8)).isEqualTo("hello");
        } finally {
            LocalRabbitMq.deleteQueues(queue);
        }
    }

    @Test
    void natsJetStreamRoundTrip() throws Exception {
        String stream = UniqueNames.of("fixture");
        try (var connection = LocalNats.connect()) {
            LocalNats.createStream(connection, stream, stream + ".>");
            try {
                JetStream js = connection.jetStream();
                js.publish(stream + ".in", "hello".getBytes(StandardCharsets.UTF_8));
                JetStreamSubscription sub = js.subscribe(stream + ".in", PullSubscribeOptions.builder().durable("d").build());
                List<Message> messages = sub.fetch(1, Duration.ofSeconds(5));
                assertThat(messages).hasSize(1);
                assertThat(new String(messages.get(0).getData(), StandardCharsets.UTF_8)).isEqualTo("hello");
                messages.get(0).ack();
            } finally {
                LocalNats.deleteStream(connection, stream);
            }
        }
    }
}
