package io.asyncservice.sandbox.broker;

import io.asyncservice.testing.EmbeddedSqs;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.sqs.model.DeleteMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequestEntry;

/**
 * SQS: an embedded ElasticMQ on a free port, with queues {@code <name>-jobs}, {@code <name>-results} and
 * {@code <name>-dead-letters}. The request id travels as the {@code x-request-id} message attribute.
 */
public final class SqsSandboxBroker implements SandboxBroker {

    private final EmbeddedSqs sqs;

    private SqsSandboxBroker(EmbeddedSqs sqs) {
        this.sqs = sqs;
    }

    public static SqsSandboxBroker start() {
        return new SqsSandboxBroker(EmbeddedSqs.start());
    }

    @Override
    public String kind() {
        return "sqs";
    }

    public String endpoint() {
        return sqs.endpoint();
    }

    @Override
    public Map<String, String> provision(String name) {
        Map<String, String> values = new HashMap<>(SandboxBroker.common(name));
        values.put("SQS_ENDPOINT", sqs.endpoint());
        values.put("SQS_REGION", EmbeddedSqs.REGION);
        values.put("INPUT_URL", sqs.createQueue(name + "-jobs"));
        values.put("OUTPUT_URL", sqs.createQueue(name + "-results"));
        values.put("DEAD_LETTER_URL", sqs.createQueue(name + "-dead-letters"));
        return values;
    }

    @Override
    public void send(String name, Map<String, String> bodiesByRequestId) {
        String url = url(name + "-jobs");
        List<SendMessageBatchRequestEntry> batch = new ArrayList<>();
        for (Map.Entry<String, String> m : bodiesByRequestId.entrySet()) {
            batch.add(SendMessageBatchRequestEntry.builder().id("m" + batch.size()).messageBody(m.getValue())
                    .messageAttributes(Map.of("x-request-id", string(m.getKey()), "content-type", string("application/json")))
                    .build());
            if (batch.size() == 10) {
                flush(url, batch);
            }
        }
        flush(url, batch);
    }

    private void flush(String url, List<SendMessageBatchRequestEntry> batch) {
        if (batch.isEmpty()) {
            return;
        }
        var result = sqs.client().sendMessageBatch(b -> b.queueUrl(url).entries(batch));
        if (!result.failed().isEmpty()) {
            throw new IllegalStateException("SQS refused " + result.failed().size() + " messages: " + result.failed());
        }
        batch.clear();
    }

    @Override
    public List<BrokerMessage> receive(String name, Duration wait) {
        List<BrokerMessage> received = new ArrayList<>();
        received.addAll(drain(url(name + "-results"), false, wait));
        received.addAll(drain(url(name + "-dead-letters"), true, Duration.ZERO));
        return received;
    }

    private List<BrokerMessage> drain(String url, boolean deadLetter, Duration wait) {
        List<BrokerMessage> out = new ArrayList<>();
        int waitSeconds = (int) Math.min(20, wait.toSeconds());
        while (true) {
            int seconds = out.isEmpty() ? waitSeconds : 0;
            List<Message> messages = sqs.client().receiveMessage(b -> b.queueUrl(url).maxNumberOfMessages(10)
                    .waitTimeSeconds(seconds)).messages();
            if (messages.isEmpty()) {
                return out;
            }
            List<DeleteMessageBatchRequestEntry> deletes = new ArrayList<>();
            for (Message m : messages) {
                out.add(SandboxBroker.parse(m.body(), deadLetter));
                deletes.add(DeleteMessageBatchRequestEntry.builder().id("d" + deletes.size())
                        .receiptHandle(m.receiptHandle()).build());
            }
            sqs.client().deleteMessageBatch(b -> b.queueUrl(url).entries(deletes));
        }
    }

    /** Messages waiting plus in flight on the input, as the scaler counts them. */
    public long backlog(String name) {
        Map<QueueAttributeName, String> a = sqs.client().getQueueAttributes(b -> b.queueUrl(url(name + "-jobs"))
                .attributeNames(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES,
                        QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE)).attributes();
        return Long.parseLong(a.get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES))
                + Long.parseLong(a.get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE));
    }

    /** Messages received from the input and not yet deleted or released: what the replicas are working on. */
    public long inFlight(String name) {
        return Long.parseLong(sqs.client().getQueueAttributes(b -> b.queueUrl(url(name + "-jobs"))
                .attributeNames(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE)).attributes()
                .get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE));
    }

    @Override
    public void deprovision(String name) {
        for (String suffix : List.of("-jobs", "-results", "-dead-letters")) {
            sqs.deleteQueue(url(name + suffix));
        }
    }

    private String url(String queue) {
        return sqs.client().getQueueUrl(b -> b.queueName(queue)).queueUrl();
    }

    private static MessageAttributeValue string(String value) {
        return MessageAttributeValue.builder().dataType("String").stringValue(value).build();
    }

    @Override
    public void close() {
        sqs.close();
    }
}
