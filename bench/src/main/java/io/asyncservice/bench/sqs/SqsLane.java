package io.asyncservice.bench.sqs;

import io.asyncservice.api.sidecar.QueueRole;
import io.asyncservice.api.sidecar.SidecarContract;
import io.asyncservice.api.v1alpha1.BrokerSpec;
import io.asyncservice.api.v1alpha1.SqsSpec;
import io.asyncservice.bench.broker.Lane;
import io.asyncservice.bench.broker.Rate;
import io.asyncservice.bench.broker.RateClock;
import io.asyncservice.testing.EmbeddedSqs;
import io.asyncservice.testing.UniqueNames;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.DeleteMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequestEntry;

/**
 * An input and an output queue on ElasticMQ. The broker limit is {@code ceil(c/10)} loops, each receiving up to
 * {@code c / loops} messages (at most 10, SQS's batch limit) with a long poll and deleting them in one batch call, so
 * that at most {@code c} messages are in flight, as in the sidecar.
 */
final class SqsLane implements Lane {

    private final EmbeddedSqs sqs;
    private final SqsClient client;
    private final String inputUrl;
    private final String outputUrl;

    SqsLane(EmbeddedSqs sqs) {
        this.sqs = sqs;
        this.client = sqs.client();
        this.inputUrl = sqs.createQueue(UniqueNames.of("bench-in"), Map.of(QueueAttributeName.VISIBILITY_TIMEOUT, "30"));
        this.outputUrl = sqs.createQueue(UniqueNames.of("bench-out"));
    }

    @Override
    public BrokerSpec input() {
        return spec(inputUrl);
    }

    @Override
    public BrokerSpec output() {
        return spec(outputUrl);
    }

    private BrokerSpec spec(String url) {
        SqsSpec s = new SqsSpec();
        s.setQueueUrl(url);
        s.setEndpoint(sqs.endpoint());
        s.setRegion(EmbeddedSqs.REGION);
        s.setVisibilityTimeout("30s");
        s.setCredentialsSecret("sqs-credentials");
        BrokerSpec b = new BrokerSpec();
        b.setSqs(s);
        return b;
    }

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
    public void publish(int count, String requestIdPrefix) {
        for (int from = 0; from < count; from += 10) {
            List<SendMessageBatchRequestEntry> entries = new ArrayList<>();
            for (int i = from; i < Math.min(count, from + 10); i++) {
                entries.add(SendMessageBatchRequestEntry.builder().id("m" + i).messageBody("{\"i\":" + i + "}")
                        .messageAttributes(Map.of("x-request-id", string(requestIdPrefix + i),
                                "content-type", string("application/json")))
                        .build());
            }
            var r = client.sendMessageBatch(b -> b.queueUrl(inputUrl).entries(entries));
            if (!r.failed().isEmpty()) {
                throw new IllegalStateException("ElasticMQ did not accept: " + r.failed());
            }
        }
    }

    private static MessageAttributeValue string(String v) {
        return MessageAttributeValue.builder().dataType("String").stringValue(v).build();
    }

    @Override
    public Rate consumeAndAck(int concurrency, int count, Duration timeout) {
        int loops = (concurrency + 9) / 10;
        int batch = Math.min(10, (concurrency + loops - 1) / loops);
        RateClock clock = new RateClock();
        long deadline = System.nanoTime() + timeout.toNanos();
        ExecutorService pool = Executors.newFixedThreadPool(loops);
        for (int l = 0; l < loops; l++) {
            pool.submit(() -> {
                while (clock.count() < count && System.nanoTime() < deadline) {
                    List<Message> got = client.receiveMessage(b -> b.queueUrl(inputUrl).maxNumberOfMessages(batch)
                            .waitTimeSeconds(1).messageAttributeNames("All")).messages();
                    if (got.isEmpty()) {
                        continue;
                    }
                    client.deleteMessageBatch(b -> b.queueUrl(inputUrl).entries(got.stream().map(m ->
                            DeleteMessageBatchRequestEntry.builder().id(m.messageId()).receiptHandle(m.receiptHandle())
                                    .build()).toList()));
                    clock.add(got.size());
                }
            });
        }
        pool.shutdown();
        awaitTermination(pool, timeout.plusSeconds(5));
        return clock.rate();
    }

    @Override
    public boolean relayOne(Duration timeout, Runnable handle) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            List<Message> got = client.receiveMessage(b -> b.queueUrl(inputUrl).maxNumberOfMessages(1).waitTimeSeconds(1)
                    .messageAttributeNames("All")).messages();
            if (!got.isEmpty()) {
                Message m = got.get(0);
                handle.run();
                client.sendMessage(b -> b.queueUrl(outputUrl).messageBody(m.body()).messageAttributes(m.messageAttributes()));
                client.deleteMessage(b -> b.queueUrl(inputUrl).receiptHandle(m.receiptHandle()));
                return true;
            }
        }
        return false;
    }

    @Override
    public boolean takeOutput(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            List<Message> got = client.receiveMessage(b -> b.queueUrl(outputUrl).maxNumberOfMessages(1).waitTimeSeconds(1))
                    .messages();
            if (!got.isEmpty()) {
                client.deleteMessage(b -> b.queueUrl(outputUrl).receiptHandle(got.get(0).receiptHandle()));
                return true;
            }
        }
        return false;
    }

    @Override
    public long outputCount() {
        return count(outputUrl);
    }

    @Override
    public long inputBacklog() {
        return count(inputUrl);
    }

    private long count(String url) {
        Map<QueueAttributeName, String> a = client.getQueueAttributes(b -> b.queueUrl(url).attributeNames(
                QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES,
                QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE)).attributes();
        return Long.parseLong(a.get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES))
                + Long.parseLong(a.get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE));
    }

    @Override
    public void close() {
        for (String url : List.of(inputUrl, outputUrl)) {
            try {
                sqs.deleteQueue(url);
            } catch (RuntimeException e) {
                System.err.println("could not delete " + url + ": " + e);
            }
        }
    }

    static void awaitTermination(ExecutorService pool, Duration timeout) {
        try {
            if (!pool.awaitTermination(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                pool.shutdownNow();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            pool.shutdownNow();
        }
    }
}
