/**
 * The Kafka adapter: a consumer-group source with manual commits and an idempotent producer sink.
 *
 * <h2>Source</h2>
 * <ul>
 *   <li><b>One poll thread</b> ({@link io.asyncservice.sidecar.kafka.KafkaPollLoop}) owns the {@code KafkaConsumer}.
 *       It polls every 50 ms whatever happens, so {@code max.poll.interval.ms} never expires on a long job; the records
 *       go to an {@link io.asyncservice.sidecar.kafka.AssignmentLedger}, from which {@code receive} hands them out.
 *       Acks from any thread only update the ledger; the poll thread commits on its next turn.</li>
 *   <li><b>Pause/resume.</b> A partition is paused while its buffer is full (records waiting to be handed out), while
 *       the buffer of all partitions is full, or while too many of its records are fetched but not committed (one slow
 *       record holding the commit back); it is resumed as soon as there is room again.</li>
 *   <li><b>Commits.</b> {@code ordering: partition} hands out one record per partition at a time, in offset order.
 *       {@code unordered} hands out records of one partition in parallel; in both cases the committed offset is one
 *       past the last record of the unbroken run of acked records, so it never passes a record that is not done.</li>
 *   <li><b>Rebalance.</b> On revocation, waiting records of the revoked partitions are dropped, in-flight ones get a
 *       bounded wait (10 s, at most half of {@code max.poll.interval.ms}), the done prefix is committed, and the rest is
 *       abandoned: later acks are ignored and the new owner receives those records again. Lost partitions are dropped
 *       without a commit. Assignment is cooperative-sticky, so scaling out revokes only the partitions that move.</li>
 *   <li><b>Release</b> puts the record back at its offset among the waiting ones: it is handed out again first (before
 *       later records of its partition) and stays uncommitted, so if the source closes or the partition moves before
 *       that, the next owner reads it from Kafka.</li>
 *   <li><b>Reject</b> cannot happen with a valid configuration (a Kafka input always has an output or a dead letter);
 *       if it does, it logs an error and acts as release, so the record is never dropped.</li>
 *   <li><b>Close</b> commits every partition's done prefix and leaves the group; in-flight records stay uncommitted.</li>
 *   <li><b>Request id</b>: header {@code x-request-id}, else the record key, else none. Header names are lower-cased.</li>
 * </ul>
 *
 * <h2>Weaknesses</h2>
 * <ul>
 *   <li>Kafka does not count deliveries: {@code deliveryCount()} is always 1, so attempts do not add up across
 *       restarts, and a record that crashes the sidecar every time is redelivered forever instead of dead-lettered
 *       after {@code maxAttempts}. Retries within one process are counted by the engine as usual.</li>
 *   <li>With {@code unordered}, a crash redelivers every record after the first unfinished one, including those that
 *       were already done (at-least-once; bounded by the uncommitted limit per partition).</li>
 *   <li>A record whose revocation wait runs out is processed twice: by the old owner, whose ack is ignored, and by the
 *       new one.</li>
 * </ul>
 *
 * <h2>Sink</h2>
 * An idempotent producer with {@code acks=all}; the key is the request id, headers carry {@code x-request-id},
 * {@code content-type} and the message's extra headers ({@code traceparent}, ...). Sinks opened through one
 * {@link io.asyncservice.sidecar.kafka.KafkaConnector} share a producer per bootstrap servers and credentials.
 *
 * <h2>Credentials</h2>
 * Every property of the role's credentials Secret (security.protocol, sasl.*, ssl.*, or tuning such as
 * {@code max.poll.interval.ms}) goes into the client configuration; the settings the guarantees rest on
 * (group id, manual commits, earliest reset, acks, idempotence, serializers) cannot be overridden. Values are never
 * logged, and client errors are reported with them masked.
 */
package io.asyncservice.sidecar.kafka;
