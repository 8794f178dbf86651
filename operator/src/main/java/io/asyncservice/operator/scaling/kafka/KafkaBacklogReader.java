package io.asyncservice.operator.scaling.kafka;

import io.asyncservice.api.v1alpha1.KafkaSpec;
import io.asyncservice.operator.scaling.Backlog;
import io.asyncservice.operator.scaling.BacklogReadException;
import io.asyncservice.operator.scaling.BacklogReader;
import io.asyncservice.operator.scaling.ClientPool;
import io.asyncservice.operator.scaling.SecretReader;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.DescribeTopicsOptions;
import org.apache.kafka.clients.admin.ListConsumerGroupOffsetsOptions;
import org.apache.kafka.clients.admin.ListConsumerGroupOffsetsSpec;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.AuthenticationException;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;

/**
 * Kafka backlog: the consumer group's lag summed over the topic's partitions, end offset minus committed offset;
 * a partition the group never committed counts from its earliest offset. The partition count comes with it, as
 * more replicas than partitions would sit idle.
 */
public final class KafkaBacklogReader implements BacklogReader {

    private final ClientPool.Lease<KafkaClientKey.AdminHandle> lease;
    private final String topic;
    private final String group;
    private final Duration callTimeout;

    KafkaBacklogReader(ClientPool.Lease<KafkaClientKey.AdminHandle> lease, String topic, String group, Duration callTimeout) {
        this.lease = lease;
        this.topic = topic;
        this.group = group;
        this.callTimeout = callTimeout;
    }

    /** Reads the credentials Secret (if any) as client properties and leases the Admin client for them. */
    public static KafkaBacklogReader open(String namespace, KafkaSpec spec, SecretReader secrets, ClientPool pool,
                                          Duration callTimeout) throws BacklogReadException {
        if (spec.getConsumerGroup() == null || spec.getConsumerGroup().isBlank()) {
            throw new BacklogReadException(BacklogReadException.INVALID_CONFIGURATION, "kafka.consumerGroup is required on the input");
        }
        TreeMap<String, String> properties = new TreeMap<>();
        if (spec.getCredentialsSecret() != null) {
            properties.putAll(secrets.read(namespace, spec.getCredentialsSecret()).orElseThrow(() ->
                    new BacklogReadException(BacklogReadException.SECRET_UNAVAILABLE,
                            "Secret " + namespace + "/" + spec.getCredentialsSecret() + " (kafka.credentialsSecret) not found")));
        }
        KafkaClientKey key = new KafkaClientKey(spec.getBootstrapServers(), properties, callTimeout);
        return new KafkaBacklogReader(pool.acquire(key), spec.getTopic(), spec.getConsumerGroup(), callTimeout);
    }

    @Override
    public Backlog read() throws BacklogReadException {
        Admin admin = lease.client().admin();
        int timeoutMs = (int) callTimeout.toMillis();
        TopicDescription description = await(admin.describeTopics(List.of(topic), new DescribeTopicsOptions().timeoutMs(timeoutMs))
                .topicNameValues().get(topic));
        List<TopicPartition> partitions = description.partitions().stream()
                .map(p -> new TopicPartition(topic, p.partition()))
                .toList();

        Map<TopicPartition, OffsetAndMetadata> committed = await(admin.listConsumerGroupOffsets(
                        Map.of(group, new ListConsumerGroupOffsetsSpec().topicPartitions(partitions)),
                        new ListConsumerGroupOffsetsOptions().timeoutMs(timeoutMs))
                .partitionsToOffsetAndMetadata(group));
        Map<TopicPartition, Long> ends = offsets(admin, partitions, OffsetSpec.latest(), timeoutMs);
        List<TopicPartition> neverCommitted = partitions.stream()
                .filter(tp -> committed.get(tp) == null)
                .toList();
        Map<TopicPartition, Long> starts = neverCommitted.isEmpty() ? Map.of()
                : offsets(admin, neverCommitted, OffsetSpec.earliest(), timeoutMs);

        long lag = 0;
        for (TopicPartition tp : partitions) {
            OffsetAndMetadata commit = committed.get(tp);
            long from = commit != null ? commit.offset() : starts.getOrDefault(tp, 0L);
            lag += Math.max(0, ends.getOrDefault(tp, 0L) - from);
        }
        return Backlog.of(lag, partitions.size());
    }

    private Map<TopicPartition, Long> offsets(Admin admin, List<TopicPartition> partitions, OffsetSpec spec, int timeoutMs)
            throws BacklogReadException {
        Map<TopicPartition, OffsetSpec> request = new HashMap<>();
        partitions.forEach(tp -> request.put(tp, spec));
        Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> result =
                await(admin.listOffsets(request, new ListOffsetsOptions().timeoutMs(timeoutMs)).all());
        Map<TopicPartition, Long> offsets = new HashMap<>();
        result.forEach((tp, info) -> offsets.put(tp, info.offset()));
        return offsets;
    }

    private <T> T await(KafkaFuture<T> future) throws BacklogReadException {
        try {
            return future.get(callTimeout.toMillis() + 500, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BacklogReadException(BacklogReadException.TIMEOUT, "interrupted while reading Kafka", e);
        } catch (TimeoutException e) {
            throw timeout(e);
        } catch (ExecutionException e) {
            throw classify(e.getCause() == null ? e : e.getCause());
        }
    }

    private BacklogReadException classify(Throwable cause) {
        if (cause instanceof UnknownTopicOrPartitionException) {
            return new BacklogReadException(BacklogReadException.QUEUE_NOT_FOUND, "Kafka topic " + topic + " does not exist on "
                    + lease.endpoint(), cause);
        }
        if (cause instanceof AuthenticationException || cause instanceof AuthorizationException) {
            return new BacklogReadException(BacklogReadException.UNAUTHORIZED, "Kafka at " + lease.endpoint()
                    + " refused the scaler: " + cause.getMessage(), cause);
        }
        if (cause instanceof org.apache.kafka.common.errors.TimeoutException) {
            return timeout(cause);
        }
        return new BacklogReadException(BacklogReadException.READ_FAILED, "Kafka at " + lease.endpoint() + ": " + cause, cause);
    }

    private BacklogReadException timeout(Throwable cause) {
        return new BacklogReadException(BacklogReadException.TIMEOUT, "Kafka at " + lease.endpoint()
                + " did not answer within " + callTimeout.toMillis() + " ms (unreachable or overloaded)", cause);
    }

    @Override
    public void close() {
        lease.close();
    }
}
