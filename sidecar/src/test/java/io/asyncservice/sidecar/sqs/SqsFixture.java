package io.asyncservice.sidecar.sqs;

import io.asyncservice.api.sidecar.QueueRole;
import io.asyncservice.api.sidecar.SidecarContract;
import io.asyncservice.api.v1alpha1.BrokerSpec;
import io.asyncservice.api.v1alpha1.SqsSpec;
import io.asyncservice.sidecar.testing.BrokerFixture;
import io.asyncservice.testing.EmbeddedSqs;
import io.asyncservice.testing.UniqueNames;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.ChangeMessageVisibilityBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.DeleteMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequestEntry;

/** ElasticMQ in the test JVM, as a {@link BrokerFixture}: real SQS API, queues per test. */
public final class SqsFixture implements BrokerFixture {

    /**
     * What ElasticMQ 1.6 stores at most: 262,144 characters of body (attributes not counted), summed over all the
     * bodies of one SendMessageBatch. It ignores a queue's MaximumMessageSize, so no queue can be given a lower one.
     */
    public static final int ELASTICMQ_MAX_MESSAGE = 262_144;

    private final EmbeddedSqs sqs = EmbeddedSqs.shared();

    @Override
    public String name() {
        return "sqs";
    }

    @Override
    public boolean countsRedeliveries() {
        return true;
    }

    @Override
    public SqsQueues createQueues(Duration lease) {
        return new SqsQueues(sqs, lease);
    }

    /** Plain queues: every ElasticMQ queue refuses what is over {@link #ELASTICMQ_MAX_MESSAGE}, and only that. */
    @Override
    public Optional<LimitedQueues> createQueuesWithOutputLimit(Duration lease, int maxOutputBytes) {
        return Optional.of(new LimitedQueues(createQueues(lease), ELASTICMQ_MAX_MESSAGE));
    }

    public EmbeddedSqs sqs() {
        return sqs;
    }

    /** One test's input, output and dead-letter queues. */
    public static final class SqsQueues implements Queues {

        private static final Duration BOUNCE_ROUND = Duration.ofSeconds(10);

        private final EmbeddedSqs sqs;
        private final SqsClient client;
        private final Duration lease;
        final String inputUrl;
        final String outputUrl;
        final String deadLetterUrl;

        SqsQueues(EmbeddedSqs sqs, Duration lease) {
            this.sqs = sqs;
            this.client = sqs.client();
            this.lease = lease;
            this.inputUrl = sqs.createQueue(UniqueNames.of("it-in"),
                    Map.of(QueueAttributeName.VISIBILITY_TIMEOUT, Long.toString(Math.max(1, lease.toSeconds()))));
            this.outputUrl = sqs.createQueue(UniqueNames.of("it-out"));
            this.deadLetterUrl = sqs.createQueue(UniqueNames.of("it-dlq"));
        }

        public String inputUrl() {
            return inputUrl;
        }

        public String outputUrl() {
            return outputUrl;
        }

        @Override
        public BrokerSpec input() {
            return spec(inputUrl);
        }

        @Override
        public BrokerSpec output() {
            return spec(outputUrl);
        }

        @Override
        public BrokerSpec deadLetter() {
            return spec(deadLetterUrl);
        }

        private BrokerSpec spec(String url) {
            SqsSpec s = new SqsSpec();
            s.setQueueUrl(url);
            s.setEndpoint(sqs.endpoint());
            s.setRegion(EmbeddedSqs.REGION);
            s.setVisibilityTimeout(Math.max(1, lease.toSeconds()) + "s");
            s.setCredentialsSecret("sqs-credentials");
            BrokerSpec b = new BrokerSpec();
            b.setSqs(s);
            return b;
        }

        /** Credentials as the operator would hand them over: one secret variable per role and key. */
        @Override
        public Map<String, String> sidecarEnv() {
            Map<String, String> env = new HashMap<>();
            for (QueueRole role : QueueRole.values()) {
                env.put(SidecarContract.secretEnv(role, "AWS_ACCESS_KEY_ID"), EmbeddedSqs.ACCESS_KEY);
                env.put(SidecarContract.secretEnv(role, "AWS_SECRET_ACCESS_KEY"), EmbeddedSqs.SECRET_KEY);
            }
            return env;
        }

        @Override
        public void publish(List<TestMessage> messages) {
            for (int from = 0; from < messages.size(); from += 10) {
                List<SendMessageBatchRequestEntry> entries = new ArrayList<>();
                for (int i = from; i < Math.min(messages.size(), from + 10); i++) {
                    TestMessage m = messages.get(i);
                    Map<String, MessageAttributeValue> attrs = new HashMap<>();
                    attrs.put("x-request-id", string(m.requestId()));
                    if (m.contentType() != null) {
                        attrs.put("content-type", string(m.contentType()));
                    }
                    entries.add(SendMessageBatchRequestEntry.builder().id("m" + i).messageBody(m.body())
                            .messageAttributes(attrs).build());
                }
                var r = client.sendMessageBatch(b -> b.queueUrl(inputUrl).entries(entries));
                if (!r.failed().isEmpty()) {
                    throw new IllegalStateException("could not publish: " + r.failed());
                }
            }
        }

        private static MessageAttributeValue string(String v) {
            return MessageAttributeValue.builder().dataType("String").stringValue(v).build();
        }

        @Override
        public List<ReceivedMessage> takeOutputs(Duration maxWait) {
            return take(outputUrl, maxWait);
        }

        @Override
        public List<ReceivedMessage> takeDeadLetters(Duration maxWait) {
            return take(deadLetterUrl, maxWait);
        }

        private List<ReceivedMessage> take(String url, Duration maxWait) {
            List<ReceivedMessage> taken = new ArrayList<>();
            List<Message> batch = receive(url, maxWait);
            while (!batch.isEmpty()) {
                for (Message m : batch) {
                    Map<String, String> headers = new HashMap<>();
                    m.messageAttributes().forEach((k, v) -> headers.put(k.toLowerCase(Locale.ROOT), v.stringValue()));
                    taken.add(new ReceivedMessage(headers.get("x-request-id"), m.body().getBytes(StandardCharsets.UTF_8),
                            headers));
                }
                List<DeleteMessageBatchRequestEntry> entries = batch.stream()
                        .map(m -> DeleteMessageBatchRequestEntry.builder().id(m.messageId()).receiptHandle(m.receiptHandle())
                                .build()).toList();
                var deleted = client.deleteMessageBatch(b -> b.queueUrl(url).entries(entries));
                if (!deleted.failed().isEmpty()) {
                    throw new IllegalStateException("could not delete what was read from " + url + ": " + deleted.failed());
                }
                batch = receive(url, Duration.ZERO);
            }
            return taken;
        }

        /** Long polls whole seconds; a shorter wait is one look, a pause, and another look. */
        private List<Message> receive(String url, Duration maxWait) {
            int seconds = (int) Math.min(20, maxWait.toSeconds());
            List<Message> batch = client.receiveMessage(b -> b.queueUrl(url).maxNumberOfMessages(10).waitTimeSeconds(seconds)
                    .messageAttributeNames("All")).messages();
            if (batch.isEmpty() && seconds == 0 && !maxWait.isZero()) {
                sleep(maxWait.toMillis());
                return receive(url, Duration.ZERO);
            }
            return batch;
        }

        @Override
        public InputBacklog inputBacklog() {
            Map<QueueAttributeName, String> a = client.getQueueAttributes(b -> b.queueUrl(inputUrl).attributeNames(
                    QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES,
                    QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE)).attributes();
            return new InputBacklog(Long.parseLong(a.get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES)),
                    Long.parseLong(a.get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE)));
        }

        /**
         * Receives what is waiting (held invisible for a minute, so that a round sees each message once), then makes
         * it visible again at once with ChangeMessageVisibility 0: each round adds 1 to ApproximateReceiveCount.
         */
        @Override
        public void bounceInputs(int times) {
            int waiting = Integer.parseInt(client.getQueueAttributes(b -> b.queueUrl(inputUrl)
                    .attributeNames(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES)).attributes()
                    .get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES));
            for (int round = 1; round <= times; round++) {
                List<Message> held = new ArrayList<>();
                long deadline = System.nanoTime() + BOUNCE_ROUND.toNanos();
                while (held.size() < waiting && System.nanoTime() < deadline) {
                    int max = Math.min(10, waiting - held.size());
                    held.addAll(client.receiveMessage(b -> b.queueUrl(inputUrl).maxNumberOfMessages(max)
                            .visibilityTimeout(60).waitTimeSeconds(1)).messages());
                }
                if (held.size() < waiting) {
                    throw new IllegalStateException("bounce round " + round + " took " + held.size() + " of the " + waiting
                            + " messages waiting in " + inputUrl);
                }
                for (int from = 0; from < held.size(); from += 10) {
                    List<ChangeMessageVisibilityBatchRequestEntry> entries = new ArrayList<>();
                    for (int i = from; i < Math.min(held.size(), from + 10); i++) {
                        entries.add(ChangeMessageVisibilityBatchRequestEntry.builder().id("m" + i)
                                .receiptHandle(held.get(i).receiptHandle()).visibilityTimeout(0).build());
                    }
                    var changed = client.changeMessageVisibilityBatch(b -> b.queueUrl(inputUrl).entries(entries));
                    if (!changed.failed().isEmpty()) {
                        throw new IllegalStateException("could not give back what was read from " + inputUrl + ": "
                                + changed.failed());
                    }
                }
            }
        }

        @Override
        public void close() {
            for (String url : List.of(inputUrl, outputUrl, deadLetterUrl)) {
                try {
                    sqs.deleteQueue(url);
                } catch (RuntimeException e) {
                    System.err.println("could not delete " + url + ": " + e);
                }
            }
        }

        private static void sleep(long millis) {
            try {
                Thread.sleep(millis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
